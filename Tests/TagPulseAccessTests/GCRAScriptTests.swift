import NIOCore
import NIOPosix
import TagPulseRedis
import TagPulseTestSupport
import XCTest

@testable import TagPulseAccess

/// `redis/gcra.lua` against the real server, with a fixed clock passed to the script.
final class GCRAScriptTests: XCTestCase, @unchecked Sendable {
    let start: Int64 = 1_764_000_000_000_000

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

    func testABurstOf2000AdmitsExactly100AndEvery429SaysWhenToRetry() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let decisions = try await withThrowingTaskGroup(of: RateDecision.self) { group in
                for _ in 0..<2000 { group.addTask { try await limiter.decide([(.client("acme"), policy)]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(decisions.filter(\.allowed).count, 100)
            XCTAssertTrue(decisions.allSatisfy { $0.degradation == nil })
            let denied = decisions.filter { !$0.allowed }
            XCTAssertTrue(denied.allSatisfy { $0.retryAfterMilliseconds == 600 })
            XCTAssertEqual(denied.first?.violated.map(\.policy.name), ["requests-60s"])
            // 599 ms later still nothing; at 600 ms exactly one more.
            clock.advance(milliseconds: 599)
            let early = try await limiter.decide([(.client("acme"), policy)])
            XCTAssertFalse(early.allowed)
            XCTAssertEqual(early.retryAfterMilliseconds, 1)
            clock.advance(milliseconds: 1)
            let onTime = try await limiter.decide([(.client("acme"), policy)])
            XCTAssertTrue(onTime.allowed)
            do {
                let value = try await limiter.decide([(.client("acme"), policy)])
                XCTAssertFalse(value.allowed)
            }
        }
    }

    func testAllPoliciesOfADecisionAreAllOrNothing() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        let perMinute = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)
        let perDay = RatePolicy(group: "requests", limit: 15, periodMilliseconds: 86_400_000)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let subject = RateSubject.client("acme")
            for _ in 0..<10 {
                let decision = try await limiter.decide([(subject, perMinute), (subject, perDay)])
                XCTAssertTrue(decision.allowed)
            }
            // The minute policy refuses: the day policy must not be charged for the refused requests.
            for _ in 0..<50 {
                let decision = try await limiter.decide([(subject, perMinute), (subject, perDay)])
                XCTAssertFalse(decision.allowed)
            }
            clock.advance(milliseconds: 60_000)
            let after = try await limiter.decide([(subject, perMinute), (subject, perDay)])
            XCTAssertTrue(after.allowed)
            XCTAssertEqual(after.policies.map(\.remaining), [9, 4])
            // Five more pass, then the day policy alone refuses, naming itself.
            for _ in 0..<4 {
                let decision = try await limiter.decide([(subject, perMinute), (subject, perDay)])
                XCTAssertTrue(decision.allowed)
            }
            let refused = try await limiter.decide([(subject, perMinute), (subject, perDay)])
            XCTAssertFalse(refused.allowed)
            XCTAssertEqual(refused.violated.map(\.policy.name), ["requests-86400s"])
            XCTAssertEqual(refused.policies[0].remaining, 5, "the minute policy was not charged for the refused request")
        }
    }

    func testRefundRestoresACharge() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        let policy = RatePolicy(group: "requests", limit: 2, periodMilliseconds: 60_000)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            do {
                let value = try await limiter.decide([(.client("a"), policy)])
                XCTAssertTrue(value.allowed)
            }
            do {
                let value = try await limiter.decide([(.client("a"), policy)])
                XCTAssertTrue(value.allowed)
            }
            do {
                let value = try await limiter.decide([(.client("a"), policy)])
                XCTAssertFalse(value.allowed)
            }
            do {
                let value = try await limiter.decide([(.client("a"), policy)], cost: -1)
                XCTAssertEqual(value.policies.first?.remaining, 1)
            }
            do {
                let value = try await limiter.decide([(.client("a"), policy)])
                XCTAssertTrue(value.allowed)
            }
        }
    }

    /// The Swift mirror (local mode) and the script agree on random sequences.
    func testScriptAndSwiftAgreeOnRandomSequences() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock(microseconds: self.start)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            var random = SeededGenerator(seed: 7)
            for round in 0..<20 {
                let policy = RatePolicy(
                    group: "requests",
                    limit: Int.random(in: 1...50, using: &random),
                    periodMilliseconds: Int.random(in: 100...10_000, using: &random),
                    burst: nil
                )
                let subject = RateSubject.client("r\(round)")
                let local = LocalRateLimiter()
                let key = keyspace.rateLimit(subject: subject, policy: policy)
                for _ in 0..<60 {
                    clock.advance(milliseconds: Int64.random(in: 0...(Int64(policy.periodMilliseconds) / 10), using: &random))
                    let exact = try await limiter.decide([(subject, policy)])
                    let mirror = local.decide(keys: [key], policies: [policy], cost: 1, nowMicroseconds: clock.microseconds)
                    XCTAssertEqual(exact.policies, mirror.policies, "round \(round), policy \(policy)")
                }
            }
        }
    }

    func testServerTimeIsTheClockByDefault() async throws {
        let keyspace = uniqueKeyspace()
        let policy = RatePolicy(group: "requests", limit: 3, periodMilliseconds: 3_600_000)
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: nil)
            let decisions = try await (0..<5).asyncMap { _ in try await limiter.decide([(.ip("192.0.2.1"), policy)]) }
            XCTAssertEqual(decisions.map(\.allowed), [true, true, true, false, false])
            let retry = try XCTUnwrap(decisions.last?.retryAfterMilliseconds)
            XCTAssertTrue((1_199_000...1_200_000).contains(retry), "\(retry)")
            let key = keyspace.rateLimit(subject: .ip("192.0.2.1"), policy: policy)
            XCTAssertTrue(key.contains("{ip:192.0.2.1}"))
            let ttl = try await client.send(.pttl(key)).int ?? -1
            XCTAssertTrue((3_500_000...3_601_000).contains(ttl), "the state expires when the policy is full again: \(ttl)")
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
