import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import TagPulseResilience
import Testing

@testable import TagPulseGateway

extension HitPathHandlerTests {
    /// On the codecs' path (a connection the front handed on), a hit whose body has a file goes out as the encoder's
    /// head, then a `FileRegion` of the whole file (`sendfile(2)`), then the end; without a file the same body goes as
    /// bytes. Either way the head says the body's length and nothing else is written.
    @Test func aLargeBodyWithAFileIsSentFromTheFileBelowTheCodec() throws {
        let body = ByteBuffer(repeating: UInt8(ascii: "b"), count: 40_000)
        let budget = CountingLimit(limit: 4)
        var file = HotBodyFile(body, budget: budget)
        #expect(file != nil)
        let resolver = ManualResolver()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HTTPResponseEncoder())
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.pipeline.syncOperations.addHandler(HitPathHandler(resolver: resolver))
        for (path, withFile) in [("/hit1", true), ("/hit2", false)] {
            try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: ["Host": "h"])))
            try channel.writeInbound(HTTPServerRequestPart.end(nil))
            let prepared = HitResponse.Prepared(
                status: .ok,
                fixedFields: [.contentLength: "40000"],
                fixedBytes: ByteBuffer(),
                own: .fields([:]),
                body: body,
                bodyFile: withFile ? file : nil
            )
            resolver.promises[path]?.succeed(.respondPrepared(prepared))
            var bytes = ByteBuffer()
            var regions: [FileRegion] = []
            while let data = try channel.readOutbound(as: IOData.self) {
                switch data {
                case .byteBuffer(var buffer): bytes.writeBuffer(&buffer)
                case .fileRegion(let region): regions.append(region)
                }
            }
            let head = "HTTP/1.1 200 OK\r\nContent-Length: 40000\r\n\r\n"
            if withFile {
                #expect(String(buffer: bytes) == head, "the head alone: the body is the file")
                #expect(regions.count == 1)
                #expect(regions.first.map { $0.readerIndex == 0 && $0.endIndex == 40_000 } == true)
                if let region = regions.first {
                    #expect(try HotBodyFileTests.contents(region.fileHandle, length: 40_000) == Array(body.readableBytesView))
                }
            } else {
                #expect(regions.isEmpty)
                #expect(bytes.readableBytes == head.utf8.count + body.readableBytes)
                #expect(bytes.readSlice(length: head.utf8.count).map { String(buffer: $0) } == head)
                #expect(bytes == body, "then the body's bytes")
            }
        }
        resolver.promises.removeAll()  // their results hold the answers
        file = nil
        #expect(budget.current == 0, "the file's descriptors close once nothing holds it: the writes let go of it")
        _ = try channel.finish()
    }

    /// Without the HTTP/1 codec in the pipeline there is nowhere to put a `FileRegion`: the body goes as bytes, its own
    /// or, when the file is its only copy, the file's read back; no descriptor is taken for the loop either way.
    @Test(arguments: [true, false])
    func withoutTheCodecTheBodyIsCopied(keptInMemory: Bool) throws {
        let body = ByteBuffer(bytes: (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 17) })
        let budget = CountingLimit(limit: 4)
        let file = HotBodyFile(body, budget: budget)
        #expect(file != nil)
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        resolver.promises["/hit1"]?.succeed(
            .respondPrepared(
                HitResponse.Prepared(
                    status: .ok,
                    fixedFields: [:],
                    fixedBytes: ByteBuffer(),
                    own: .fields([:]),
                    body: keptInMemory ? body : nil,
                    bodyFile: file
                )
            )
        )
        guard case .head = try channel.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no head")
            return
        }
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .body(body))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
        #expect(budget.current == 1, "no descriptor taken for a loop that did not send from the file")
    }
}
