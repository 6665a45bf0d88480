import HTTPTypes
import NIOCore
import NIOEmbedded
import TagPulseResilience
import Testing

@testable import TagPulseGateway

extension HitFrontHandlerTests {
    /// A hit whose body has a file (``HotBodyFile``) goes out as the head, then a `FileRegion` of the whole file:
    /// `sendfile(2)`, no copy. Without one, the same body goes as bytes.
    @Test func aLargeBodyWithAFileIsSentFromTheFile() throws {
        let f = try self.makeFixture()
        let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: 40_000)
        let budget = CountingLimit(limit: 4)
        var file = HotBodyFile(body, budget: budget)
        #expect(file != nil)
        for (path, withFile) in [("/hit1", true), ("/hit2", false)] {
            try f.channel.writeInbound(ByteBuffer(string: Self.get(path)))
            let prepared = HitResponse.Prepared(
                status: .ok,
                fixedFields: [:],
                fixedBytes: ByteBuffer(string: "Content-Length: 40000\r\n"),
                own: .fields([:]),
                body: body,
                bodyFile: withFile ? file : nil
            )
            f.resolver.promises[path]?.succeed(.respondPrepared(prepared))
            guard case .byteBuffer(let head) = try f.channel.readOutbound(as: IOData.self) else {
                Issue.record("no head")
                return
            }
            #expect(String(buffer: head) == "HTTP/1.1 200 OK\r\nContent-Length: 40000\r\n\r\n")
            switch try f.channel.readOutbound(as: IOData.self) {
            case .fileRegion(let region)?:
                #expect(withFile)
                #expect(region.readerIndex == 0 && region.endIndex == 40_000)
                #expect(try HotBodyFileTests.contents(region.fileHandle, length: 40_000) == Array(body.readableBytesView))
            case .byteBuffer(let bytes)?:
                #expect(!withFile)
                #expect(bytes == body)
            case nil:
                Issue.record("no body")
            }
        }
        f.resolver.promises.removeAll()  // their results hold the answers
        file = nil
        #expect(budget.current == 0, "the file's descriptors close once nothing holds it: the writes let go of it")
    }

    /// A large hot body is kept only in its file. A loop past the descriptor budget cannot send from it: the file's
    /// bytes are read back and go behind the head, as a body without a file does.
    @Test func aBodyOnlyInAFileIsReadBackWhenTheLoopHasNoDescriptor() throws {
        let f = try self.makeFixture(countingRequests: true)
        let body = ByteBuffer(bytes: (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let budget = CountingLimit(limit: 1)
        let file = try #require(HotBodyFile(body, budget: budget), "the file takes the only descriptor: none left for a loop")
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit")))
        let prepared = HitResponse.Prepared(
            status: .ok,
            fixedFields: [:],
            fixedBytes: ByteBuffer(string: "Content-Length: 40000\r\n"),
            own: .fields([:]),
            body: nil,
            bodyFile: file
        )
        #expect(prepared.bodyLength == 40_000)
        f.resolver.promises["/hit"]?.succeed(.respondPrepared(prepared))
        guard case .byteBuffer(let head) = try f.channel.readOutbound(as: IOData.self) else {
            Issue.record("no head")
            return
        }
        #expect(String(buffer: head) == "HTTP/1.1 200 OK\r\nContent-Length: 40000\r\n\r\n")
        guard case .byteBuffer(let bytes) = try f.channel.readOutbound(as: IOData.self) else {
            Issue.record("no body bytes")
            return
        }
        #expect(bytes == body)
        #expect(budget.current == 1, "no descriptor taken for the loop")
        #expect(f.channel.isActive, "the connection goes on")
    }
}
