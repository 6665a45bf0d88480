import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import TagPulseGateway

/// The body deadline on the gateway's pipeline (issue #15, item 3), with the event loop's clock moved by hand: it
/// counts from the head however the body trickles, answers 408 only when nothing was answered yet, and leaves
/// bodiless requests alone.
@Suite("Request body deadline")
struct RequestBodyTimeoutHandlerTests {
    typealias Pipeline = GatewayHTTP1ChannelTests

    @Test("a body trickled past its deadline gets a 408 problem and the connection closes")
    func trickledBody() throws {
        let channel = try Pipeline.makeChannel(bodyTimeout: .seconds(10))
        try Pipeline.send("POST /v1/analyze/hashtag HTTP/1.1\r\nHost: x\r\nX-Request-ID: slow-1\r\nContent-Length: 100\r\n\r\n{", to: channel)
        for _ in 0..<9 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try Pipeline.send(" ", to: channel)
        }
        #expect(channel.isActive, "9 s after the head")
        #expect(try Pipeline.written(channel) == "")
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        let written = try Pipeline.written(channel)
        #expect(written.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "\(written)")
        #expect(written.contains("Connection: close"))
        #expect(written.contains(#""code":"BODY_TIMEOUT""#))
        #expect(written.contains(#""request_id":"slow-1""#))
        #expect(!channel.isActive)
    }

    @Test("a request the application already answered is not answered twice: the connection just closes")
    func answeredEarly() throws {
        let channel = try Pipeline.makeChannel(bodyTimeout: .seconds(10))
        try Pipeline.send("POST /v1/analyze/hashtag HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", to: channel)
        _ = try Pipeline.requestParts(channel)
        try Pipeline.respond(channel)
        #expect(try Pipeline.written(channel).hasPrefix("HTTP/1.1 200 OK\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try Pipeline.written(channel) == "")
        #expect(!channel.isActive)
    }

    @Test("a complete body, and requests without one, start no deadline")
    func completeBodies() throws {
        let channel = try Pipeline.makeChannel(bodyTimeout: .seconds(10))
        try Pipeline.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", to: channel)
        #expect(try Pipeline.requestParts(channel).count == 3)
        try Pipeline.respond(channel)
        try Pipeline.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(try Pipeline.requestParts(channel).count == 2)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try Pipeline.respond(channel)
        #expect(try Pipeline.written(channel).components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        _ = try channel.finish()
    }
}
