import Foundation
import Logging
import NIOCore
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseCache

/// The fill lease on the real Redis, and the local side of notices and single-flight.
final class CoalescingTests: XCTestCase, @unchecked Sendable {
    let key = CacheKey(
        kind: .hashtag,
        params: AnalysisParams(target: "skincare", prompt: "What do people think about the price?"),
        analyzer: "corpus/local",
        defaultModel: "local-2"
    )

    func testTheLeaseIsExclusiveAndReleasedOnlyByItsHolder() async throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it)")
        }
        let keyspace = CacheKeyspace(prefix: "tp:test:lease:\(UUID().uuidString.prefix(8)):")
        let client = try RedisClient(configuration: try RedisConfiguration(url: url), logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            while client.connectedCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let lease = FillLease(redis: client, keyspace: keyspace)
            let first = try await lease.acquire(self.key, ttl: .milliseconds(300)).get()
            XCTAssertNotNil(first)
            let second = try await lease.acquire(self.key, ttl: .milliseconds(300)).get()
            XCTAssertNil(second, "held")
            let wrongRelease = try await lease.release(self.key, token: "not-the-token").get()
            XCTAssertFalse(wrongRelease)
            // The holder dies: the lease expires and the next one takes over.
            try await Task.sleep(for: .milliseconds(400))
            let successor = try await lease.acquire(self.key, ttl: .seconds(5)).get()
            XCTAssertNotNil(successor)
            let staleRelease = try await lease.release(self.key, token: first!).get()
            XCTAssertFalse(staleRelease, "the first holder cannot free its successor's lease")
            let released = try await lease.release(self.key, token: successor!).get()
            XCTAssertTrue(released)
            _ = try await client.send(.del([keyspace.lease(self.key)]))
        }
    }

    func testNoticesWakeWaitersAndTimeOut() async throws {
        let client = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: Logger(label: "test"))
        let notices = FillNotices(redis: client, keyspace: CacheKeyspace(), logger: Logger(label: "test"))
        let timedOut = await notices.wait(for: "abc", timeout: .milliseconds(20))
        XCTAssertFalse(timedOut)
        XCTAssertEqual(notices.waiting, 0, "a timed-out waiter leaves nothing behind")
        async let woken = notices.wait(for: "abc", timeout: .seconds(10))
        while notices.waiting == 0 { try await Task.sleep(for: .milliseconds(1)) }
        notices.notify("abc")
        let result = await woken
        XCTAssertTrue(result)
        XCTAssertEqual(notices.waiting, 0)
    }

    /// A notice and a timeout that land together: whichever wins, the waiter leaves nothing behind. (A cancellation
    /// that came just after a notice had taken its waiter used to leave a marker that nothing removed.)
    func testANoticeRacingATimeoutLeavesNothingBehind() async throws {
        let client = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: Logger(label: "test"))
        let notices = FillNotices(redis: client, keyspace: CacheKeyspace(), logger: Logger(label: "test"))
        // Each round: one waiter, and a notice sent as soon as it is registered, near its timeout.
        for round in 0..<20000 {
            let hex = "h\(round)"
            async let waited = notices.wait(for: hex, timeout: .microseconds(5 * (round % 40)))
            var spins = 0
            while notices.waiting == 0, spins < 1000 {
                spins += 1
                await Task.yield()
            }
            notices.notify(hex)
            _ = await waited
            if notices.waiting > 0 { break }
        }
        XCTAssertEqual(notices.waiting, 0, "every waiter and every trace of one is gone")
    }

    func testSingleFlightSharesOneResult() async throws {
        let flights = SingleFlight<Int>()
        let counter = Counter()
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await flights.run("k") {
                        await counter.increment()
                        try await Task.sleep(for: .milliseconds(100))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertTrue(results.allSatisfy { $0.0 == 42 })
        XCTAssertEqual(results.filter { !$0.1 }.count, 1)
        let runs = await counter.value
        XCTAssertEqual(runs, 1)
        XCTAssertEqual(flights.count, 0)
    }
}

private actor Counter {
    var value = 0
    func increment() { self.value += 1 }
}
