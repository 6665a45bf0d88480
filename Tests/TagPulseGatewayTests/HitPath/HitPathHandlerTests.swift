import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Synchronization
import TagPulseTestSupport
import Testing

@testable import TagPulseGateway

/// The event-loop hit handler's state machine on an `EmbeddedChannel`, with a resolver whose answers the test
/// releases by hand: every transition, including the half-close and oversized-body cases.
@Suite("HitPathHandler")
struct HitPathHandlerTests {
    /// `/hit*` heads are candidates answered when the test completes their promise, `/forward*` answered `.forward`,
    /// `/now*` answered at once, `/sync*` answered later but within the resolver's call; POSTs to `/post*` are
    /// candidates with a 16-byte body cap. Everything else declines.
    final class ManualResolver: HitResolving, @unchecked Sendable {
        /// A later answer the test gives by hand.
        struct Pending {
            let later: HitLater

            func succeed(_ answer: HitAnswer) {
                self.later.answer(answer)
            }
        }

        var promises: [String: Pending] = [:]
        var bodies: [String: String] = [:]

        /// How many times ``candidate(_:)`` was asked.
        var candidateCalls = 0

        func candidate(_ request: HitRequest) -> HitCandidate? {
            self.candidateCalls += 1
            let path = request.path
            if request.method == .post { return path.hasPrefix("/post") ? .post(maximumBodyBytes: 16) : nil }
            return ["/hit", "/forward", "/now", "/sync"].contains { path.hasPrefix($0) } ? .get : nil
        }

        func resolve(_ request: HitRequest, body: ByteBuffer?, memo: inout HitConnectionMemo, later: HitLater) -> HitResolution? {
            let path = request.path
            self.bodies[path] = body.map { String(buffer: $0) }
            if path.hasPrefix("/now") { return .now(Self.respond(path)) }
            if path.hasPrefix("/sync") {
                later.answer(Self.respond(path))
                return .later
            }
            self.promises[path] = Pending(later: later)
            return .later
        }

        static func respond(_ body: String) -> HitAnswer {
            .respond(HTTPResponse(status: .ok, headerFields: [.contentLength: String(body.utf8.count)]), ByteBuffer(string: body))
        }

        func answer(_ path: String, body: String) {
            self.promises[path]?.succeed(Self.respond(body))
        }

        func forward(_ path: String) {
            self.promises[path]?.succeed(.forward)
        }
    }

    /// Counts the reads the handler lets through to the channel (back-pressure).
    final class ReadCounter: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            self.reads += 1
            context.read()
        }
    }

    func makeChannel() throws -> (EmbeddedChannel, ManualResolver, ReadCounter) {
        let resolver = ManualResolver()
        let reads = ReadCounter()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(reads)
        try channel.pipeline.syncOperations.addHandler(HitPathHandler(resolver: resolver))
        return (channel, resolver, reads)
    }

    func request(_ path: String, method: HTTPRequest.Method = .get, body: String? = nil, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: method, scheme: nil, authority: nil, path: path)))
        if let body { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// What reached the router (the next inbound handler): heads as their paths, bodies as `body:<text>`, ends as `end`.
    func forwarded(_ channel: EmbeddedChannel) throws -> [String] {
        var parts: [String] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) {
            switch part {
            case .head(let head): parts.append(head.path ?? "")
            case .body(let body): parts.append("body:" + String(buffer: body))
            case .end: parts.append("end")
            }
        }
        return parts
    }

    /// Bodies of the responses written by the handler.
    func answered(_ channel: EmbeddedChannel) throws -> [String] {
        var bodies: [String] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            if case .body(let body) = part { bodies.append(String(buffer: body)) }
        }
        return bodies
    }

    @Test func theFrontsHandOverTokenGoesWithTheNextRequestAndIsTakenOnce() throws {
        let resolver = ManualResolver()
        let activity = ConnectionActivity(idleTimeout: nil)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HitPathHandler(resolver: resolver, activity: activity))
        activity.handOver = "t-7"
        var head = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/hit1")
        head.headerFields[HitHandoff.field] = "forged"
        try channel.writeInbound(HTTPRequestPart.head(head))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        let first = try #require(try channel.readInbound(as: HTTPRequestPart.self))
        guard case .head(let forwarded) = first else { throw RawHTTPError("not a head") }
        #expect(forwarded.headerFields[HitHandoff.field] == "t-7", "the front's token, not the client's copy")
        #expect(resolver.promises.isEmpty, "already charged and looked up by the front: not resolved again")
        #expect(activity.handOver == nil, "taken once")
        _ = try channel.readInbound(as: HTTPRequestPart.self)
        channel.pipeline.syncOperations.fireChannelReadComplete()
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try self.request("/hit2", to: channel)
        #expect(try self.forwarded(channel).isEmpty, "the next hit is resolved as usual")
        #expect(resolver.promises["/hit2"] != nil)
    }

    /// A resolver may give a later answer before its call has returned (its look-up completed at once): it is written
    /// once, in order, and the next request is resolved as usual.
    @Test func aLaterAnswerGivenWithinTheResolversCallIsWrittenOnce() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/sync1", to: channel)
        try self.request("/sync2", to: channel)
        try self.request("/hit3", to: channel)
        #expect(try self.answered(channel) == ["/sync1", "/sync2"])
        resolver.answer("/hit3", body: "three")
        #expect(try self.answered(channel) == ["three"])
        #expect(try self.forwarded(channel).isEmpty)
    }

    @Test func answersHitsAndForwardsTheRest() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        #expect(try self.forwarded(channel).isEmpty)
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel) == ["one"])
        try self.request("/other", to: channel)
        #expect(try self.forwarded(channel) == ["/other", "end"])
    }

    @Test func anAnswerKnownAtOnceIsWrittenAtTheEnd() throws {
        let (channel, _, _) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/now1")))
        #expect(try self.answered(channel).isEmpty, "not before the request's end")
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try self.answered(channel) == ["/now1"])
    }

    @Test func pipelinedRequestsWaitForTheHitBeforeThem() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        try self.request("/other", to: channel)
        try self.request("/hit2", to: channel)
        #expect(try self.forwarded(channel).isEmpty, "held behind the pending hit")
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel) == ["one"])
        // /hit2 came after a request the router has not answered yet: it goes to the router too, keeping the order.
        #expect(try self.forwarded(channel) == ["/other", "end", "/hit2", "end"])
        #expect(resolver.promises["/hit2"] == nil)
        // Once the router has answered both, hits are taken here again.
        _ = try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try channel.writeOutbound(HTTPResponsePart.end(nil))
        try self.request("/hit3", to: channel)
        #expect(resolver.promises["/hit3"] != nil)
    }

    @Test func aForwardAnswerHandsTheHeldRequestOverUnchanged() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/forward1", to: channel)
        try self.request("/hit2", to: channel)
        resolver.forward("/forward1")
        #expect(try self.forwarded(channel) == ["/forward1", "end", "/hit2", "end"], "the second follows the first to the router")
        #expect(try self.answered(channel).isEmpty)
    }

    @Test func anAnswerBeforeTheRequestEndsWaitsForTheEnd() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/hit1")))
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel).isEmpty)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try self.answered(channel) == ["one"])
    }

    @Test func aPostIsDecidedOnItsWholeBody() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/post1")))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{\"a\":")))
        #expect(resolver.promises["/post1"] == nil, "not asked before the body is complete")
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "1}")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(resolver.bodies["/post1"] == "{\"a\":1}")
        resolver.answer("/post1", body: "hit")
        #expect(try self.answered(channel) == ["hit"])
        #expect(try self.forwarded(channel).isEmpty)
    }

    @Test func aForwardedPostReachesTheRouterWithItsBody() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/post1", method: .post, body: "{}", to: channel)
        resolver.forward("/post1")
        #expect(try self.forwarded(channel) == ["/post1", "body:{}", "end"])
    }

    @Test func aPostBodyOverTheCapGoesToTheRouterWholeAndIsNeverAsked() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/post1")))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "0123456789")))
        #expect(try self.forwarded(channel).isEmpty)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "abcdefghij")))  // 20 bytes > 16
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "more")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try self.forwarded(channel) == ["/post1", "body:0123456789", "body:abcdefghij", "body:more", "end"])
        #expect(resolver.promises["/post1"] == nil)
        #expect(resolver.bodies["/post1"] == nil)
    }

    @Test func aGetBodyIsReadAndDroppedNeverKept() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/forward1")))
        for _ in 0..<8 { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0x41, count: 8 << 10))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
        resolver.forward("/forward1")
        #expect(try self.forwarded(channel) == ["/forward1", "end"], "64 KiB of GET body went nowhere")
    }

    @Test func aGetBodyOverItsCapIsRefusedAndTheConnectionClosed() throws {
        let resolver = ManualResolver()
        let written = WriteRecorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(written)
        try channel.pipeline.syncOperations.addHandler(HitPathHandler(resolver: resolver))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/hit1")))
        for _ in 0..<100 {
            guard channel.isActive else { break }
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0x41, count: 64 << 10)))
        }
        #expect(written.statuses == [.contentTooLarge])
        #expect(written.connectionClose, "Connection: close")
        #expect(!channel.isActive, "closed after 128 KiB: the rest of the body is never read")
        resolver.answer("/hit1", body: "late")
        #expect(try self.forwarded(channel).isEmpty)
    }

    /// Records the response heads written towards the socket.
    final class WriteRecorder: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = HTTPResponsePart
        var statuses: [HTTPResponse.Status] = []
        var connectionClose = false

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .head(let head) = self.unwrapOutboundIn(data) {
                self.statuses.append(head.status)
                self.connectionClose = head.headerFields[.connection] == "close"
            }
            context.write(data, promise: promise)
        }
    }

    @Test func aHalfCloseWaitsBehindTheHeldRequest() throws {
        let (channel, resolver, _) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        try self.request("/other", to: channel)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        let events = EventRecorder()
        try channel.pipeline.syncOperations.addHandler(events)
        #expect(events.inputClosed == 0, "held until the requests before it are handled")
        resolver.answer("/hit1", body: "one")
        #expect(try self.answered(channel) == ["one"])
        #expect(try self.forwarded(channel) == ["/other", "end"])
        #expect(events.inputClosed == 1)
    }

    @Test func aHalfCloseInsideAHeldRequestHandsItToTheRouter() throws {
        let (channel, _, _) = try self.makeChannel()
        let events = EventRecorder()
        try channel.pipeline.syncOperations.addHandler(events)
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/post1")))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{")))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(events.inputClosed == 1)
        #expect(try self.forwarded(channel) == ["/post1", "body:{"])
    }

    @Test func onlyTheHitPathSetsItsInternalField() throws {
        let (channel, resolver, _) = try self.makeChannel()
        var forged = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/other")
        forged.headerFields[HitHandoff.field] = "1"
        try channel.writeInbound(HTTPRequestPart.head(forged))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        guard case .head(let passed) = try channel.readInbound(as: HTTPRequestPart.self) else {
            Issue.record("no head reached the router")
            return
        }
        #expect(passed.headerFields[HitHandoff.field] == nil, "a client's copy is removed")
        _ = try channel.readInbound(as: HTTPRequestPart.self)
        _ = try channel.writeOutbound(HTTPResponsePart.end(nil))
        // A handed-over request carries the hit path's own token.
        try self.request("/hit1", to: channel)
        resolver.promises["/hit1"]?.succeed(.handOver(token: "2a"))
        guard case .head(let handed) = try channel.readInbound(as: HTTPRequestPart.self) else {
            Issue.record("the handed-over head did not reach the router")
            return
        }
        #expect(handed.headerFields[HitHandoff.field] == "2a")
    }

    @Test func readingStopsOncePartsQueueBehindACompleteRequest() throws {
        let (channel, resolver, reads) = try self.makeChannel()
        try self.request("/hit1", to: channel)
        let before = reads.reads
        channel.read()
        #expect(reads.reads == before + 1, "a request waiting alone does not stop reading (no epoll_ctl per hit)")
        try self.request("/hit2", to: channel)
        channel.read()
        channel.read()
        #expect(reads.reads == before + 1, "no read while /hit2 waits behind /hit1")
        resolver.answer("/hit1", body: "one")
        #expect(reads.reads == before + 1, "/hit2 is held complete in turn, with nothing behind it: no read was owed")
        channel.read()
        #expect(reads.reads == before + 2)
        resolver.answer("/hit2", body: "two")
        channel.read()
        #expect(reads.reads == before + 3)
    }

    /// Counts half-closes that reach the router's side.
    final class EventRecorder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        var inputClosed = 0

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event { self.inputClosed += 1 }
            context.fireUserInboundEventTriggered(event)
        }
    }

    @Test func aClientThatDoesNotReadItsResponsesIsAnsweredNoMoreAndNotReadUntilItDoes() throws {
        let (channel, _, reads) = try self.makeChannel()
        try self.request("/now1", to: channel)
        #expect(try self.answered(channel) == ["/now1"])
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        try self.request("/now2", to: channel)
        try self.request("/other", to: channel)
        #expect(try self.answered(channel).isEmpty, "no answer is written while the channel is unwritable")
        #expect(try self.forwarded(channel).isEmpty, "and nothing passes the waiting request")
        let before = reads.reads
        channel.read()
        #expect(reads.reads == before, "nor is anything read")
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try self.answered(channel) == ["/now2"])
        #expect(try self.forwarded(channel) == ["/other", "end"], "in order")
        #expect(reads.reads == before + 1, "the held read is issued")
    }
}

@Suite("HTTPDate")
struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.string(forUnixSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(forUnixSeconds: 1_764_428_400) == "Sat, 29 Nov 2025 15:00:00 GMT")
    }

}
