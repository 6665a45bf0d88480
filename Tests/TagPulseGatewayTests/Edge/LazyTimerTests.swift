import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseGateway

@Suite("LazyTimer")
struct LazyTimerTests {
    final class Fired {
        var count = 0
    }

    @Test("fires once the armed deadline passes, and not after a disarm")
    func firesOrNot() throws {
        let loop = EmbeddedEventLoop()
        let fired = Fired()
        let timer = LazyTimer(eventLoop: loop) { fired.count += 1 }
        timer.arm(in: .seconds(10))
        loop.advanceTime(by: .seconds(9))
        #expect(fired.count == 0)
        loop.advanceTime(by: .seconds(1))
        #expect(fired.count == 1)
        #expect(!timer.isArmed)
        timer.arm(in: .seconds(10))
        timer.disarm()
        loop.advanceTime(by: .seconds(30))
        #expect(fired.count == 1)
        try loop.syncShutdownGracefully()
    }

    @Test("re-armed later, it fires at the later deadline (the early task re-arms itself)")
    func reArmedLater() throws {
        let loop = EmbeddedEventLoop()
        let fired = Fired()
        let timer = LazyTimer(eventLoop: loop) { fired.count += 1 }
        timer.arm(in: .seconds(10))
        loop.advanceTime(by: .seconds(6))
        timer.disarm()
        timer.arm(in: .seconds(10))  // due at 16 s; the task scheduled for 10 s runs first
        loop.advanceTime(by: .seconds(4))
        #expect(fired.count == 0)
        loop.advanceTime(by: .seconds(5))
        #expect(fired.count == 0)
        loop.advanceTime(by: .seconds(1))
        #expect(fired.count == 1)
        try loop.syncShutdownGracefully()
    }

    @Test("re-armed with an earlier deadline, it fires at that one")
    func reArmedEarlier() throws {
        let loop = EmbeddedEventLoop()
        let fired = Fired()
        let timer = LazyTimer(eventLoop: loop) { fired.count += 1 }
        timer.arm(in: .seconds(30))
        timer.arm(in: .seconds(5))
        loop.advanceTime(by: .seconds(5))
        #expect(fired.count == 1)
        loop.advanceTime(by: .seconds(30))
        #expect(fired.count == 1)
        try loop.syncShutdownGracefully()
    }

    @Test("cancel stops it for good")
    func cancel() throws {
        let loop = EmbeddedEventLoop()
        let fired = Fired()
        let timer = LazyTimer(eventLoop: loop) { fired.count += 1 }
        timer.arm(in: .seconds(1))
        timer.cancel()
        loop.advanceTime(by: .seconds(5))
        #expect(fired.count == 0)
        try loop.syncShutdownGracefully()
    }
}
