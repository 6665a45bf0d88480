import NIOCore
import NIOPosix
import XCTest

@testable import TagPulseRedis

/// ``PerEventLoop`` hands a loop's value only to code running on that loop.
final class PerEventLoopTests: XCTestCase {
    func testALoopGetsItsOwnValueAndNobodyElseGetsOne() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer {
            try? group.syncShutdownGracefully()
            try? other.syncShutdownGracefully()
        }
        let loops = Array(group.makeIterator())
        let values = PerEventLoop(group) { loop in loops.firstIndex { $0 === loop } ?? -1 }
        for (index, loop) in loops.enumerated() {
            XCTAssertEqual(try loop.submit { values.current(loop) }.wait(), index, "on its own loop")
            XCTAssertNil(values.current(loop), "from a thread that is no loop")
        }
        XCTAssertNil(try loops[0].submit { values.current(loops[1]) }.wait(), "from another loop of the group")
        let foreign = other.next()
        XCTAssertNil(try foreign.submit { values.current(foreign) }.wait(), "a loop of another group")
    }
}
