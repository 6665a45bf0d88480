import NIOCore
import NIOPosix
import Synchronization
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// Leased mode against the real server: `redis/gcra-lease.lua` and ``RateLeases`` under a burst.
final class RateLeasesRedisTests: XCTestCase, @unchecked Sendable {
    let start: Int64 = 1_764_000_000_000_000
    let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)

    func limiter(_ client: RedisClient, _ keyspace: AccessKeyspace, clock: TestClock?) -> RateLimiter {
        RateLimiter(
            redis: client,
            keyspace: keyspace,
            settings: RateLimitSettings(decisionTimeout: .seconds(2)),
            liveInstances: { 1 },
            fixedNowMicroseconds: { clock?.microseconds },
            localNowMicroseconds: { clock?.microseconds ?? 0 },
            logger: testLogger
        )
    }

    func lease(_ client: RedisClient, _ keyspace: AccessKeyspace, want: Int, returned: Int = 0, clock: TestClock) async throws -> (Int, [Int]) {
        let key = keyspace.rateLimit(subject: .client("acme"), policy: self.policy)
        let reply = try await client.evalScript(
            .gcraLease,
            keys: [key],
            arguments: [.string(String(clock.microseconds)), .int(want), .int(returned), .int(100), .int(60_000), .int(100)]
        )
        let items = try XCTUnwrap(reply.array)
        return (try XCTUnwrap(items[0].int), try XCTUnwrap(items[2].array).compactMap(\.int))
    }

    func testASliceIsChargedLikeThatManyRequestsAndNeverMore() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        try await withSharedRedis(keyspace: keyspace) { client in
            var granted = 0
            for _ in 0..<30 { granted += try await self.lease(client, keyspace, want: 8, clock: clock).0 }
            XCTAssertEqual(granted, 100, "a full burst, in slices, partial at the end")
            let (none, state) = try await self.lease(client, keyspace, want: 8, clock: clock)
            XCTAssertEqual(none, 0)
            XCTAssertEqual(state, [0, 60_000, 600], "remaining, reset, retry for one unit")
            // The exact path sees the same state: refused too.
            let exact = try await self.limiter(client, keyspace, clock: clock).decide([(.client("acme"), self.policy)])
            XCTAssertFalse(exact.allowed)
            // Giving 5 back makes 5 usable again, by either path.
            let (regranted, _) = try await self.lease(client, keyspace, want: 0, returned: 5, clock: clock)
            XCTAssertEqual(regranted, 0)
            var admitted = 0
            for _ in 0..<10 where try await self.limiter(client, keyspace, clock: clock).decide([(.client("acme"), self.policy)]).allowed {
                admitted += 1
            }
            XCTAssertEqual(admitted, 5)
        }
    }

    func testLeasesOfThreeInstancesNeverAdmitMoreThanTheLimit() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let instances = (0..<3).map { _ in
                RateLeases(
                    fallback: limiter,
                    settings: .init(lifetime: .seconds(1), maximumSlice: 256),
                    liveInstances: { 3 },
                    nowMilliseconds: { clock.milliseconds },
                    fixedNowMicroseconds: { clock.microseconds },
                    logger: testLogger
                )
            }
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            let decisions = try await withThrowingTaskGroup(of: RateDecision.self) { group in
                for index in 0..<2000 {
                    group.addTask { try await instances[index % 3].decide(.client("acme"), policies: [self.policy], on: loop).get() }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = decisions.filter(\.allowed).count
            XCTAssertLessThanOrEqual(admitted, 100, "leasing never admits more than exact mode")
            XCTAssertGreaterThanOrEqual(admitted, 100 - 3 * instances[0].maximumSlice(for: [self.policy]), "at most the parked slices are lost")
            // What is parked comes back when the slices expire: the total then reaches the limit exactly.
            clock.advance(milliseconds: 1000)
            for instance in instances { instance.returnUnused() }
            try await Task.sleep(for: .milliseconds(100))
            var more = 0
            for _ in 0..<200 where try await limiter.decide([(.client("acme"), self.policy)]).allowed { more += 1 }
            // 1 s at 100/min refills 1 (1.67 units); parked units returned.
            XCTAssertEqual(admitted + more, 101, "admitted \(admitted) leased, \(more) after the slices came back")
            XCTAssertLessThan(instances.map { $0.calls.load(ordering: .relaxed) }.reduce(0, +), 200, "far fewer calls than requests")
        }
    }
}
