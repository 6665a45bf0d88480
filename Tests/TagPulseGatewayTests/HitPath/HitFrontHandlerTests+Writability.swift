import HTTPTypes
import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseGateway

/// The front and an unwritable channel: a client that does not read is answered no more and not read, and the
/// general pipeline hears of writability only while it has the connection.
extension HitFrontHandlerTests {
    /// The channel's writability changes to `writable`, as NIO reports it.
    func setWritable(_ writable: Bool, _ channel: EmbeddedChannel) {
        channel.isWritable = writable
        channel.pipeline.fireChannelWritabilityChanged()
    }

    @Test func aClientThatDoesNotReadItsResponsesIsAnsweredNoMoreAndNotReadUntilItDoes() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now1")))
        #expect(try self.written(f.channel) == Self.response("/now1"))
        // The socket takes no more: the responses written so far wait in the channel.
        self.setWritable(false, f.channel)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/now2") + Self.get("/now3")))
        #expect(try self.written(f.channel).isEmpty, "nothing more is answered while the channel is unwritable")
        let before = f.reads.reads
        f.channel.read()
        #expect(f.reads.reads == before, "nor read: the client's requests stay in its socket")
        #expect(f.activity.inProgress == 0)
        self.setWritable(true, f.channel)
        #expect(try self.written(f.channel) == Self.response("/now2") + Self.response("/now3"), "in order, once writable")
        #expect(f.reads.reads == before + 1, "the held read is issued")
        #expect(f.downstream.bytes.isEmpty)
    }

    @Test func anUnwritableChannelHoldsARequestThatCameWhileAnotherWasResolved() throws {
        let f = try self.makeFixture()
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1") + Self.get("/now2")))
        self.setWritable(false, f.channel)
        f.resolver.answer("/hit1", body: "one")
        #expect(try self.written(f.channel) == Self.response("one"), "the request in progress is answered")
        self.setWritable(true, f.channel)
        #expect(try self.written(f.channel) == Self.response("/now2"))
    }

    @Test func theGeneralPipelineHearsOfWritabilityOnlyWhileItHasTheConnection() throws {
        let f = try self.makeFixture(countingRequests: true)
        self.setWritable(false, f.channel)
        self.setWritable(true, f.channel)
        try f.channel.writeInbound(ByteBuffer(string: Self.get("/hit1")))
        self.setWritable(false, f.channel)
        #expect(f.downstream.writability.isEmpty, "the front's own flips stay with the front")
        // The hit turns out to be the router's: the general pipeline first hears what it missed, then gets it.
        f.resolver.forward("/hit1")
        #expect(f.front.mode == .lent)
        #expect(f.downstream.writability == ["unwritable after 0"])
        #expect(f.downstream.bytes == Self.get("/hit1"))
        self.setWritable(true, f.channel)
        #expect(f.downstream.writability == ["unwritable after 0", "writable after \(Self.get("/hit1").utf8.count)"])
    }

    @Test func aHandOffTellsTheGeneralPipelineTheWritabilityItMissed() throws {
        let f = try self.makeFixture()
        self.setWritable(false, f.channel)
        self.setWritable(true, f.channel)
        try f.channel.writeInbound(ByteBuffer(string: "GET /hit1 HTTP/1.0\r\nHost: h\r\n\r\n"))
        #expect(f.front.mode == .passthrough)
        #expect(f.downstream.writability.isEmpty, "it missed no change: writable before, writable now")
        self.setWritable(false, f.channel)
        #expect(f.downstream.writability == ["unwritable after \("GET /hit1 HTTP/1.0\r\nHost: h\r\n\r\n".utf8.count)"])
    }
}
