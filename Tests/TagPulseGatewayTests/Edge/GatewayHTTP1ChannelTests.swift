import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import Testing

@testable import TagPulseGateway

/// The gateway's HTTP/1 pipeline on an `EmbeddedChannel`: request-head timeout and header limits, with the event
/// loop's clock moved by hand (no sleeping).
@Suite("GatewayHTTP1Channel pipeline")
struct GatewayHTTP1ChannelTests {
    /// The pipeline up to Hummingbird's request loop; reads `HTTPRequestPart`s, takes `HTTPResponsePart`s.
    static func makeChannel(
        headerTimeout: TimeAmount = .seconds(10),
        maxHeaderCount: Int = 100,
        maxHeaderBytes: Int = 16 * 1024,
        bodyTimeout: TimeAmount = .seconds(10)
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try GatewayHTTP1Channel.addHandlers(
            to: channel.pipeline.syncOperations,
            configuration: .init(
                idleTimeout: nil,
                headerTimeout: headerTimeout,
                maxHeaderCount: maxHeaderCount,
                maxHeaderBytes: maxHeaderBytes,
                bodyTimeout: bodyTimeout
            ),
            logger: Logger(label: "test"),
            generateRequestID: { "edge-test-id" }
        )
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4711)).wait()
        return channel
    }

    static func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// Everything written to the socket so far, as text.
    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        return text
    }

    static func requestParts(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    static func respond(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "0"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    // MARK: request-head timeout

    @Test("a head trickled in slower than the header timeout closes the connection, writing nothing")
    func slowHeadCloses() throws {
        let channel = try Self.makeChannel()
        try Self.send("GET / HTTP/1.1\r\nHost: x\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        try Self.send("X-Slow: 1\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(channel.isActive, "9 s after the first byte")
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive, "10 s after the first byte, however many bytes came since")
        #expect(try Self.written(channel) == "")
        #expect(try Self.requestParts(channel).isEmpty)
    }

    @Test("a head that completes in time stops the timer; the body has a deadline of its own, from the head")
    func headInTime() throws {
        let channel = try Self.makeChannel()
        try Self.send("POST /v1/analyze/hashtag HTTP/1.1\r\nHost: x\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        try Self.send("Content-Length: 4\r\n\r\n{", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        try Self.send("}  ", to: channel)
        #expect(channel.isActive)
        let parts = try Self.requestParts(channel)
        guard case .head(let head) = parts.first else {
            Issue.record("no head: \(parts)")
            return
        }
        #expect(head.path == "/v1/analyze/hashtag")
        #expect(parts.count == 4, "head, two body parts, end")
        try Self.respond(channel)
        #expect(try Self.written(channel).hasPrefix("HTTP/1.1 200 OK\r\n"))
        _ = try channel.finish()
    }

    @Test("idle time between keep-alive requests is not limited; the next request's head is")
    func rearmsAfterEachRequest() throws {
        let channel = try Self.makeChannel()
        try Self.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(try Self.requestParts(channel).count == 2)
        try Self.respond(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive, "waiting for the next request belongs to the idle timeout")

        try Self.send("GET /b HTTP/1.1\r\n", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try Self.send("Host: x\r\n\r\n", to: channel)
        #expect(try Self.requestParts(channel).count == 2)
        try Self.respond(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)

        try Self.send("GET /c HTTP/1.1\r\nHo", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive, "the third request's head never completed")
    }

    @Test("pipelined requests in one read, then a slow one")
    func pipelined() throws {
        let channel = try Self.makeChannel(headerTimeout: .seconds(2))
        try Self.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(try Self.requestParts(channel).count == 4)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(channel.isActive)
        try Self.send("G", to: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    // MARK: header limits

    @Test("more header fields than allowed: 431 problem, Connection: close, connection closed, nothing routed")
    func tooManyHeaders() throws {
        let channel = try Self.makeChannel(maxHeaderCount: 8)
        let fields = (1...9).map { "X-Field-\($0): v\r\n" }.joined()
        try Self.send("GET / HTTP/1.1\r\n\(fields)\r\n", to: channel)
        let response = try Self.written(channel)
        #expect(response.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "\(response)")
        #expect(response.lowercased().contains("connection: close\r\n"))
        #expect(response.lowercased().contains("content-type: application/problem+json\r\n"))
        #expect(response.lowercased().contains("x-request-id: edge-test-id\r\n"))
        #expect(response.contains(#""code":"HEADERS_TOO_LARGE""#))
        #expect(response.contains(#""status":431"#))
        #expect(response.contains(#""request_id":"edge-test-id""#))
        #expect(!channel.isActive)
        #expect(try Self.requestParts(channel).isEmpty)
    }

    @Test(
        "a request the HTTP parser refuses: 400 BAD_REQUEST problem, Connection: close, nothing routed",
        arguments: [
            "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc",
            "GET / HTTP/9.9\r\n\r\n",
            "\u{1}\u{2}garbage\r\n\r\n",
        ]
    )
    func malformedRequest(text: String) throws {
        let channel = try Self.makeChannel()
        try? Self.send(text, to: channel)
        let response = try Self.written(channel)
        #expect(response.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(response)")
        #expect(response.lowercased().contains("connection: close\r\n"))
        #expect(response.lowercased().contains("content-type: application/problem+json\r\n"))
        #expect(response.contains(#""code":"BAD_REQUEST""#), "\(response)")
        #expect(!channel.isActive)
        #expect(try Self.requestParts(channel).isEmpty)
    }

    @Test("header bytes over the limit: 431; exactly at the limits: routed")
    func headerBytes() throws {
        // Each field counts name + value + 4: "X-A: " + 46 × "a" is 3 + 46 + 4 = 53 bytes; Host: x is 4 + 1 + 4 = 9.
        let field = "X-A: " + String(repeating: "a", count: 46) + "\r\n"
        let atLimit = try Self.makeChannel(maxHeaderCount: 8, maxHeaderBytes: 9 + 53 * 7)
        try Self.send("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: field, count: 7) + "\r\n", to: atLimit)
        #expect(try Self.requestParts(atLimit).count == 2)
        #expect(atLimit.isActive)
        _ = try atLimit.finish()

        let over = try Self.makeChannel(maxHeaderCount: 8, maxHeaderBytes: 9 + 53 * 7 - 1)
        try Self.send("GET / HTTP/1.1\r\nX-Request-ID: client.id-1\r\nHost: x\r\n" + String(repeating: field, count: 6) + "\r\n", to: over)
        #expect(try Self.requestParts(over).count == 2, "6 fields + Host + X-Request-ID (24 bytes): still under")
        try Self.respond(over)
        _ = try Self.written(over)
        try Self.send("GET / HTTP/1.1\r\nX-Request-ID: client.id-1\r\nHost: x\r\n" + String(repeating: field, count: 7) + "\r\n", to: over)
        let response = try Self.written(over)
        #expect(response.hasPrefix("HTTP/1.1 431 "), "\(response)")
        #expect(response.contains(#""request_id":"client.id-1""#), "a well-formed client id is kept")
        #expect(!over.isActive)
    }

    @Test("a refused pipelined request waits for the earlier response, then gets its 431")
    func refusalWaitsForEarlierResponse() throws {
        let channel = try Self.makeChannel(maxHeaderCount: 8)
        let fields = (1...9).map { "X-Field-\($0): v\r\n" }.joined()
        try Self.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\n\(fields)\r\n", to: channel)
        #expect(try Self.requestParts(channel).count == 2, "only the first request is routed")
        #expect(try Self.written(channel) == "", "nothing before the first response")
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: "5"])))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "first")))
        #expect(try Self.written(channel).hasPrefix("HTTP/1.1 200 OK"))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        let rest = try Self.written(channel)
        #expect(rest.hasPrefix("HTTP/1.1 431 "), "\(rest)")
        #expect(!channel.isActive)
    }
}
