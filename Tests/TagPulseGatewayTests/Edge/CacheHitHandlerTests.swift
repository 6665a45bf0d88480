import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Synchronization
import Testing

@testable import TagPulseGateway

/// The event-loop hit handler's ordering rules on an `EmbeddedChannel`, with a resolver whose answers the test
/// releases by hand.
@Suite("CacheHitHandler")
struct CacheHitHandlerTests {
    /// Answers `/hit*` heads when the test completes their promise, `/forward*` with `.forward`, and declines the rest.
    final class ManualResolver: CacheHitResolving, @unchecked Sendable {
        var promises: [String: EventLoopPromise<CacheHitAnswer>] = [:]

        func resolve(_ head: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<CacheHitAnswer>? {
            guard let path = head.path, path.hasPrefix("/hit") || path.hasPrefix("/forward") else { return nil }
            let promise = eventLoop.makePromise(of: CacheHitAnswer.self)
            self.promises[path] = promise
            return promise.futureResult
        }

        func answer(_ path: String, body: String) {
            let response = HTTPResponse(status: .ok, headerFields: [.contentLength: String(body.utf8.count)])
            self.promises[path]?.succeed(.respond(response, ByteBuffer(string: body)))
        }

        func forward(_ path: String) {
            self.promises[path]?.succeed(.forward)
        }
    }

    func makeChannel() throws -> (EmbeddedChannel, ManualResolver) {
        let resolver = ManualResolver()
        let channel = EmbeddedChannel(handler: CacheHitHandler(resolver: resolver))
        return (channel, resolver)
    }

    func request(_ path: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: path)))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// Paths of the request heads that reached the router (the next inbound handler).
    func forwarded(_ channel: EmbeddedChannel) throws -> [String] {
        var paths: [String] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) {
            if case .head(let head) = part { paths.append(head.path ?? "") }
        }
        return paths
    }

    /// Bodies of the responses written by the handler.
    func answered(_ channel: EmbeddedChannel) throws -> [String] {
        var bodies: [String] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            if case .body(let body) = part { bodies.append(String(buffer: body)) }
        }
        return bodies
    }

    @Test func answersHitsAndForwardsTheRest() throws {
        let (channel, resolver) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        #expect(try self.forwarded(channel).isEmpty)
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel) == ["one"])
        try self.request("/other", to: channel)
        #expect(try self.forwarded(channel) == ["/other"])
    }

    @Test func pipelinedRequestsWaitForTheHitBeforeThem() throws {
        let (channel, resolver) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        try self.request("/other", to: channel)
        try self.request("/hit2", to: channel)
        #expect(try self.forwarded(channel).isEmpty, "held behind the pending hit")
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel) == ["one"])
        // /hit2 came after a request the router has not answered yet: it goes to the router too, keeping the order.
        #expect(try self.forwarded(channel) == ["/other", "/hit2"])
        #expect(resolver.promises["/hit2"] == nil)
        // Once the router has answered both, hits are taken here again.
        _ = try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try channel.writeOutbound(HTTPResponsePart.end(nil))
        try self.request("/hit3", to: channel)
        #expect(resolver.promises["/hit3"] != nil)
    }

    @Test func aForwardAnswerHandsTheHeldRequestOverUnchanged() throws {
        let (channel, resolver) = try self.makeChannel()
        try self.request("/forward1", to: channel)
        try self.request("/hit2", to: channel)
        resolver.forward("/forward1")
        #expect(try self.forwarded(channel) == ["/forward1", "/hit2"], "the second follows the first to the router")
        #expect(try self.answered(channel).isEmpty)
    }

    @Test func anAnswerBeforeTheRequestEndsWaitsForTheEnd() throws {
        let (channel, resolver) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/hit1")))
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel).isEmpty)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try self.answered(channel) == ["one"])
    }
}

@Suite("HTTPDate")
struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.string(forUnixSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(forUnixSeconds: 1_764_428_400) == "Sat, 29 Nov 2025 15:00:00 GMT")
    }
}
