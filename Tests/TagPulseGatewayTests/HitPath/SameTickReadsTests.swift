import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseGateway

@Suite("SameTickReads")
struct SameTickReadsTests {
    @Test("reads of one entry in one tick share one read; the next tick reads again")
    func oneReadPerEntryAndTick() throws {
        let loop = EmbeddedEventLoop()
        let reads = SameTickReads(eventLoops: loop)
        var started = 0
        let start = { () -> EventLoopFuture<HitLookup.Entry> in
            started += 1
            return loop.makeSucceededFuture(.absent)
        }
        _ = reads.read("a", on: loop, start)
        _ = reads.read("a", on: loop, start)
        _ = reads.read("b", on: loop, start)
        #expect(started == 2)
        loop.run()
        _ = reads.read("a", on: loop, start)
        #expect(started == 3)
        try loop.syncShutdownGracefully()
    }

    @Test("a loop it does not know reads alone")
    func unknownLoop() throws {
        let known = EmbeddedEventLoop()
        let other = EmbeddedEventLoop()
        let reads = SameTickReads(eventLoops: known)
        var started = 0
        let start = { () -> EventLoopFuture<HitLookup.Entry> in
            started += 1
            return other.makeSucceededFuture(.absent)
        }
        _ = reads.read("a", on: other, start)
        _ = reads.read("a", on: other, start)
        #expect(started == 2)
        try known.syncShutdownGracefully()
        try other.syncShutdownGracefully()
    }
}
