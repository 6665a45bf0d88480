import HTTPTypes
import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseGateway

/// The raw-bytes hit front on an `EmbeddedChannel`: hits answered from bytes in request order, everything else
/// handed on byte for byte, and the half-close, graceful shutdown, back-pressure and idle timeout around a request
/// in progress. The resolver is ``HitPathHandlerTests/ManualResolver`` (the same core interface every hit path uses).
@Suite("HitFrontHandler")
struct HitFrontHandlerTests {
    typealias ManualResolver = HitPathHandlerTests.ManualResolver

    /// What reaches the general pipeline: the bytes and the user events, in order.
    final class Downstream: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var bytes = ""
        var events: [String] = []
        /// Set: counts each read that starts a request as one request in progress, as the codecs' state handler does
        /// for a lent request.
        var activity: ConnectionActivity?
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: self.unwrapInboundIn(data))
            self.bytes += text
            if text.hasPrefix("GET ") || text.hasPrefix("POST ") { self.activity?.requestStarted() }
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            self.events.append(event is ChannelShouldQuiesceEvent ? "quiesce" : "\(event)")
        }
        /// Each writability change heard: the channel's writability, and how many bytes had come before it.
        var writability: [String] = []
        func channelWritabilityChanged(context: ChannelHandlerContext) {
            self.writability.append("\(context.channel.isWritable ? "writable" : "unwritable") after \(self.bytes.utf8.count)")
        }
    }

    struct Fixture {
        var channel: EmbeddedChannel
        var resolver: ManualResolver
        var reads: HitPathHandlerTests.ReadCounter
        var downstream: Downstream
        var activity: ConnectionActivity
        var front: HitFrontHandler
    }

    func makeFixture(idleTimeout: TimeAmount? = nil, resolver: ManualResolver = ManualResolver(), countingRequests: Bool = false) throws -> Fixture {
        let channel = EmbeddedChannel()
        let reads = HitPathHandlerTests.ReadCounter()
        let downstream = Downstream()
        let activity = ConnectionActivity(idleTimeout: idleTimeout)
        let scanner = HTTP1RequestScanner(maximumFieldCount: 100, maximumFieldBytes: 16 << 10)
        let front = HitFrontHandler(resolver: resolver, scanner: scanner, activity: activity, drain: nil)
        try channel.pipeline.syncOperations.addHandler(reads)
        try channel.pipeline.syncOperations.addHandler(front)
        try channel.pipeline.syncOperations.addHandler(downstream)
        activity.start(on: channel.eventLoop) { channel.close(promise: nil) }
        if countingRequests {
            downstream.activity = activity
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }
        return Fixture(channel: channel, resolver: resolver, reads: reads, downstream: downstream, activity: activity, front: front)
    }

    static func get(_ path: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer k\r\n\r\n"
    }

    /// The bytes written to the socket, as text.
    func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        return text
    }

    static func response(_ body: String) -> String {
        "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test func answersAHitFromItsBytes() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        #expect(try self.written(f.channel).isEmpty)
        #expect(f.activity.inProgress == 1)
        f.resolver.answer("/hit1", body: "one")
        #expect(try self.written(f.channel) == Self.response("one"))
        #expect(f.downstream.bytes.isEmpty, "the general pipeline never saw it")
        #expect(f.front.mode == .front)
        #expect(f.activity.inProgress == 0)
    }

    @Test func anAnswerKnownAtOnceIsWrittenInTheSameRead() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now1")))
        #expect(try self.written(f.channel) == Self.response("/now1"))
    }

    /// Whether a request is a candidate depends on the request alone: a repeated head is asked once (the connection
    /// keeps the answer with the head, ``ScannedHead``), any other head is asked again.
    @Test func aRepeatedHeadIsAskedWhetherItIsACandidateOnce() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now1") + Self.get("/now1") + Self.get("/now1")))
        #expect(try self.written(f.channel) == String(repeating: Self.response("/now1"), count: 3))
        #expect(f.resolver.candidateCalls == 1)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now2") + Self.get("/now1") + Self.get("/now1")))
        #expect(try self.written(f.channel) == Self.response("/now2") + Self.response("/now1") + Self.response("/now1"))
        #expect(f.resolver.candidateCalls == 3, "each head that was not the last one is asked")
    }

    @Test func pipelinedHitsAreAnsweredInOrder() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1") + Self.get("/hit2")))
        #expect(f.resolver.promises["/hit2"] == nil, "one request at a time")
        f.resolver.answer("/hit1", body: "one")
        #expect(f.resolver.promises["/hit2"] != nil)
        f.resolver.answer("/hit2", body: "two")
        #expect(try self.written(f.channel) == Self.response("one") + Self.response("two"))
    }

    /// A resolver may give a later answer before its call has returned (its look-up completed at once): it is written
    /// once, in order, and the requests buffered behind it go on in the same read.
    @Test func aLaterAnswerGivenWithinTheResolversCallIsWrittenOnceInOrder() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/sync1") + Self.get("/sync2") + Self.get("/hit3")))
        #expect(try self.written(f.channel) == Self.response("/sync1") + Self.response("/sync2"))
        #expect(f.resolver.promises["/hit3"] != nil)
        f.resolver.answer("/hit3", body: "three")
        #expect(try self.written(f.channel) == Self.response("three"))
        #expect(f.downstream.bytes.isEmpty)
        #expect(f.activity.inProgress == 0)
    }

    @Test func whatItCannotAnswerIsHandedOnByteForByteWithEverythingAfter() throws {
        let f = try self.makeFixture()
        let sent = Self.get("/other") + Self.get("/hit2")
        try f.channel.writeInbound(ByteBuffer(string: sent))
        #expect(f.downstream.bytes == sent)
        #expect(f.front.mode == .passthrough)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit3")))
        #expect(f.downstream.bytes == sent + Self.get("/hit3"), "the connection now belongs to the general pipeline")
        #expect(f.resolver.promises.isEmpty, "nothing resolved, nothing charged")
    }

    @Test(arguments: [
        "GET /hit1 HTTP/1.1\r\nHo",
        "GET /hit1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /hit1 HTTP/1.0\r\nHost: h\r\n\r\n",
        "GET /hit1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        "GET /hit1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab",
        "POST /post1 HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n12345678901234567",
    ])
    func partialOrUnusualRequestsAreHandedOn(_ sent: String) throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: sent))
        f.channel.embeddedEventLoop.advanceTime(by: HitFrontHandler.defaultSplitWait)  // a partial head: after the wait
        #expect(f.downstream.bytes == sent)
        #expect(f.resolver.promises.isEmpty)
    }

    @Test func aPostWithinItsCapIsAnsweredWithItsBody() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: "POST /post1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd"))
        #expect(f.resolver.bodies["/post1"] == "abcd")
        f.resolver.answer("/post1", body: "p")
        #expect(try self.written(f.channel) == Self.response("p"))
    }

    @Test func aForwardAnswerHandsOnTheRequestAndWhatFollowed() throws {
        let f = try self.makeFixture()
        let sent = Self.get("/hit1") + Self.get("/other")
        try f.channel.writeInbound(ByteBuffer(string: sent))
        f.resolver.forward("/hit1")
        #expect(f.downstream.bytes == sent)
        #expect(try self.written(f.channel).isEmpty)
        #expect(f.activity.handOver == nil)
    }

    @Test func aHandOverLeavesItsTokenForTheGeneralPipeline() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        f.resolver.promises["/hit1"]?.succeed(.handOver(token: "t-1"))
        #expect(f.activity.handOver == "t-1")
        #expect(f.downstream.bytes == Self.get("/hit1"))
    }

    @Test func readingStopsOnceBytesWaitBehindARequest() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        let before = f.reads.reads
        f.channel.read()
        #expect(f.reads.reads == before + 1, "a request waiting alone does not stop reading")
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit2")))
        f.channel.read()
        #expect(f.reads.reads == before + 1, "bytes wait behind it: no more reads")
        f.resolver.answer("/hit1", body: "one")
        #expect(f.reads.reads == before + 2, "the held read is issued once it is answered")
    }

    @Test func aHalfCloseWaitsBehindTheRequestInProgress() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        f.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(f.downstream.events.isEmpty)
        f.resolver.answer("/hit1", body: "one")
        #expect(try self.written(f.channel) == Self.response("one"))
        #expect(f.downstream.events == ["inputClosed"])
    }

    @Test func aHalfCloseAfterAnIncompleteRequestHandsItOn() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1") + "GET /hit2 HT"))
        f.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        f.resolver.answer("/hit1", body: "one")
        #expect(f.downstream.bytes == "GET /hit2 HT", "the general pipeline reports it")
        #expect(f.downstream.events == ["inputClosed"])
    }

    @Test func aGracefulShutdownWaitsForTheAnswerAndStartsNoOtherRequest() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1") + Self.get("/hit2")))
        f.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(f.downstream.events.isEmpty)
        f.resolver.answer("/hit1", body: "one")
        #expect(try self.written(f.channel) == Self.response("one"))
        #expect(f.downstream.events == ["quiesce"], "then the state handler closes the idle connection")
        #expect(f.resolver.promises["/hit2"] == nil)
    }

    @Test func theIdleTimeoutRunsOnlyWhileNothingIsInProgress() throws {
        let f = try self.makeFixture(idleTimeout: .seconds(1))
        try f.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        f.channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(f.channel.isActive, "a request in progress is not idleness")
        f.resolver.answer("/hit1", body: "one")
        f.channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        #expect(f.channel.isActive)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now2")))
        f.channel.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        #expect(f.channel.isActive, "the answer re-armed it")
        f.channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!f.channel.isActive, "idle for the whole timeout: closed")
    }

    // Lending: a request the front frames but does not answer goes to the general pipeline alone, and the connection
    // comes back to the front once its response has ended (the pipeline's state handler reports it).

    /// The general pipeline's response to the lent request ends: the state handler's report, then its task.
    func endLentResponse(_ f: Fixture) {
        f.activity.requestFinished()
        f.channel.embeddedEventLoop.run()
    }

    @Test func aRequestItDoesNotAnswerIsLentAloneAndTheConnectionComesBack() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/other") + Self.get("/now2")))
        #expect(f.downstream.bytes == Self.get("/other"), "only the lent request")
        #expect(f.front.mode == .lent)
        #expect(try self.written(f.channel).isEmpty, "what follows waits for the lent request's response")
        self.endLentResponse(f)
        #expect(f.front.mode == .front)
        #expect(try self.written(f.channel) == Self.response("/now2"), "answered by the front, after the lent one")
        #expect(f.downstream.bytes == Self.get("/other"))
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now3")))
        #expect(try self.written(f.channel) == Self.response("/now3"))
    }

    @Test func aForwardedHitIsLentAloneAndTheNextHitIsTheFronts() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1") + Self.get("/hit2")))
        f.resolver.promises["/hit1"]?.succeed(.handOver(token: "t-1"))
        #expect(f.activity.handOver == "t-1")
        #expect(f.downstream.bytes == Self.get("/hit1"))
        #expect(f.resolver.promises["/hit2"] == nil)
        self.endLentResponse(f)
        f.resolver.answer("/hit2", body: "two")
        #expect(try self.written(f.channel) == Self.response("two"))
        #expect(f.downstream.bytes == Self.get("/hit1"), "the general pipeline saw only the forwarded request")
    }

    @Test func readingStopsWhileBytesWaitBehindALentRequest() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/other")))
        let before = f.reads.reads
        f.channel.read()
        #expect(f.reads.reads == before + 1, "a lent request alone does not stop reading")
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now2")))
        f.channel.read()
        #expect(f.reads.reads == before + 1, "bytes wait behind it: no more reads")
        #expect(f.downstream.bytes == Self.get("/other"), "and they stay with the front")
        self.endLentResponse(f)
        #expect(try self.written(f.channel) == Self.response("/now2"))
        #expect(f.reads.reads == before + 2, "the held read is issued once the connection is back")
    }

    @Test(arguments: [true, false])
    func anEventWhileLentHandsTheConnectionOnForGood(halfClose: Bool) throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/other") + Self.get("/now2")))
        if halfClose {
            f.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        } else {
            f.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        #expect(f.front.mode == .passthrough)
        #expect(f.downstream.bytes == Self.get("/other") + Self.get("/now2"), "what waited goes behind the lent request")
        #expect(f.downstream.events.count == 1)
        self.endLentResponse(f)
        #expect(f.front.mode == .passthrough)
        #expect(try self.written(f.channel).isEmpty)
    }

    @Test func aRequestItCannotFrameStillHandsTheConnectionOnForGood() throws {
        let f = try self.makeFixture(countingRequests: true)
        let chunked = "GET /other HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        try f.channel.writeInbound(ByteBuffer(string: chunked + Self.get("/now2")))
        #expect(f.front.mode == .passthrough)
        #expect(f.downstream.bytes == chunked + Self.get("/now2"))
    }

    // Requests split across reads: held for the rest a while, then lent (head whole) or handed on (head not).

    static let postHead = "POST /post1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n"

    @Test(arguments: [Self.postHead.count, Self.postHead.count + 2, 12])
    func aRequestSplitAcrossReadsIsHeldAndAnsweredByTheFront(cut: Int) throws {
        let f = try self.makeFixture(countingRequests: true)
        let whole = Array((Self.postHead + "abcd").utf8)
        try f.channel.writeInbound(ByteBuffer(bytes: whole[..<cut]))
        #expect(f.downstream.bytes.isEmpty, "held, not handed on")
        #expect(f.front.heldReads == 0)
        f.channel.embeddedEventLoop.advanceTime(by: .milliseconds(5))
        try f.channel.writeInbound(ByteBuffer(bytes: whole[cut...]))
        #expect(f.resolver.bodies["/post1"] == "abcd")
        f.resolver.answer("/post1", body: "p")
        #expect(try self.written(f.channel) == Self.response("p"))
        f.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(f.front.mode == .front)
        #expect(f.downstream.bytes.isEmpty)
    }

    @Test func aBodyLateBeyondTheWaitIsLentAsItComesAndTheConnectionComesBack() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.postHead + "ab"))
        f.channel.embeddedEventLoop.advanceTime(by: HitFrontHandler.defaultSplitWait)
        #expect(f.front.mode == .lent)
        #expect(f.downstream.bytes == Self.postHead + "ab", "the general pipeline reads it, from its first byte")
        try f.channel.writeInbound(ByteBuffer(string: "cd" + Self.get("/now2")))
        #expect(f.downstream.bytes == Self.postHead + "abcd", "its body's rest, and nothing after it")
        #expect(try self.written(f.channel).isEmpty)
        self.endLentResponse(f)
        #expect(f.front.mode == .front)
        #expect(try self.written(f.channel) == Self.response("/now2"))
        #expect(f.resolver.bodies["/post1"] == nil, "the front did not resolve the lent request")
    }

    @Test func aHeadIncompleteBeyondTheWaitIsHandedOnForGood() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: "GET /hit1 HTTP/1.1\r\nHo"))
        f.channel.embeddedEventLoop.advanceTime(by: HitFrontHandler.defaultSplitWait)
        #expect(f.front.mode == .passthrough)
        try f.channel.writeInbound(ByteBuffer(string: "st: h\r\n\r\n"))
        #expect(f.downstream.bytes == Self.get("/hit1").replacingOccurrences(of: "Authorization: Bearer k\r\n", with: ""))
    }

    @Test func aRequestDribbledOverManyReadsIsNotHeldForLong() throws {
        let f = try self.makeFixture(countingRequests: true)
        let head = Array("GET /hit1 HTTP/1.1\r\nHost: h\r\n".utf8)
        for byte in head.prefix(HitFrontHandler.maximumHeldReads + 1) {
            try f.channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(f.front.mode == .front, "still held")
        try f.channel.writeInbound(ByteBuffer(bytes: [head[HitFrontHandler.maximumHeldReads + 1]]))
        #expect(f.front.mode == .passthrough, "one read too many: handed on")
        #expect(f.downstream.bytes == String(decoding: head.prefix(HitFrontHandler.maximumHeldReads + 2), as: UTF8.self))
    }

    @Test func aPostOverItsCapIsLentAtOnceAndItsBodyStreamsThrough() throws {
        let f = try self.makeFixture(countingRequests: true)
        let body = String(repeating: "x", count: 40)
        let head = "POST /post1 HTTP/1.1\r\nHost: h\r\nContent-Length: 40\r\n\r\n"
        try f.channel.writeInbound(ByteBuffer(string: head + body.prefix(10)))
        #expect(f.front.mode == .lent, "over the cap of 16: no wait")
        try f.channel.writeInbound(ByteBuffer(string: String(body.dropFirst(10).prefix(20))))
        try f.channel.writeInbound(ByteBuffer(string: String(body.dropFirst(30)) + Self.get("/now2")))
        #expect(f.downstream.bytes == head + body)
        self.endLentResponse(f)
        #expect(try self.written(f.channel) == Self.response("/now2"))
    }

    @Test func aLentRequestAnsweredBeforeItsBodyCameComesBackAfterItsLastByte() throws {
        let f = try self.makeFixture(countingRequests: true)
        let head = "POST /other HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n"
        try f.channel.writeInbound(ByteBuffer(string: head))
        #expect(f.front.mode == .lent, "not a candidate: no wait")
        self.endLentResponse(f)  // a refusal before the body, say a 401
        #expect(f.front.mode == .lent, "its body is still to come, and belongs to the pipeline")
        try f.channel.writeInbound(ByteBuffer(string: "abc"))
        #expect(f.front.mode == .lent)
        try f.channel.writeInbound(ByteBuffer(string: "def" + Self.get("/now2")))
        #expect(f.front.mode == .front)
        #expect(f.downstream.bytes == head + "abcdef")
        #expect(try self.written(f.channel) == Self.response("/now2"))
    }

    @Test func aHalfCloseDuringAHoldHandsTheRequestOn() throws {
        let f = try self.makeFixture(countingRequests: true)
        try f.channel.writeInbound(ByteBuffer(string: Self.postHead + "ab"))
        f.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(f.front.mode == .passthrough)
        #expect(f.downstream.bytes == Self.postHead + "ab", "the general pipeline reports the cut request")
        #expect(f.downstream.events == ["inputClosed"])
    }
}
