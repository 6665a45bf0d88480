import Foundation
import NIOCore
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// Exact decisions on the real Redis Cluster of `scripts/test` (`TAGPULSE_TEST_REDIS_CLUSTER_NODES`): two gateways
/// (two clients) share a limit exactly, and a decision over two subjects (two slots) is charged as two scripts with
/// a refund when one refuses.
final class RateLimiterClusterTests: XCTestCase {
    func withTwoClusterLimiters(
        _ keyspace: AccessKeyspace,
        _ body: @Sendable (RateLimiter, RateLimiter) async throws -> Void
    ) async throws {
        guard let nodes = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_CLUSTER_NODES"], !nodes.isEmpty else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_CLUSTER_NODES is not set (scripts/test sets it); skipping Redis Cluster tests")
        }
        var configuration = RedisConfiguration()
        configuration.cluster = .init(seeds: try RedisConfiguration.Cluster.seeds(fromList: nodes))
        configuration.poolSize = 1
        let first = try RedisClient(configuration: configuration, logger: testLogger)
        let second = try RedisClient(configuration: configuration, logger: testLogger)
        func limiter(_ client: RedisClient) -> RateLimiter {
            RateLimiter(
                redis: client,
                keyspace: keyspace,
                settings: RateLimitSettings(decisionTimeout: .seconds(2)),
                liveInstances: { 2 },
                localNowMicroseconds: { 0 },
                logger: testLogger
            )
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            group.addTask { try await second.run() }
            defer { group.cancelAll() }
            let clock = ContinuousClock()
            let end = clock.now + .seconds(10)
            while first.connectedCount < 3 || second.connectedCount < 3 {
                guard clock.now < end else { throw ClusterNotConnected() }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await body(limiter(first), limiter(second))
            var keys: [String] = []
            for subject in [RateSubject.client("acme"), .global] {
                for group in ["requests", "analyses", "upstream"] {
                    for limit in [3, 5, 100] {
                        keys.append(keyspace.rateLimit(subject: subject, policy: RatePolicy(group: group, limit: limit, periodMilliseconds: 60_000)))
                    }
                }
            }
            _ = try await first.pipeline(keys.map { .del([$0]) })
        }
    }

    func testTwoGatewaysOnTheClusterAdmitExactly100OfABurstOf300() async throws {
        let keyspace = uniqueKeyspace()
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)
        try await self.withTwoClusterLimiters(keyspace) { first, second in
            let decisions = try await withThrowingTaskGroup(of: RateDecision.self) { group in
                for index in 0..<300 {
                    let limiter = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await limiter.decide([(.client("acme"), policy)]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertTrue(decisions.allSatisfy { $0.degradation == nil }, "every decision exact")
            XCTAssertEqual(decisions.filter(\.allowed).count, 100)
        }
    }

    func testAClientWindowAndTheFleetBudgetAcrossSlotsRefundWhatTheyCharged() async throws {
        let keyspace = uniqueKeyspace()
        let analyses = RatePolicy(group: "analyses", limit: 5, periodMilliseconds: 60_000)
        let upstream = RatePolicy(group: "upstream", limit: 3, periodMilliseconds: 60_000)
        try await self.withTwoClusterLimiters(keyspace) { first, second in
            XCTAssertNotEqual(
                RedisClusterSlot(key: keyspace.rateLimit(subject: .client("acme"), policy: analyses)),
                RedisClusterSlot(key: keyspace.rateLimit(subject: .global, policy: upstream)),
                "the two subjects live in different slots"
            )
            var allowed = 0
            for index in 0..<6 {
                let limiter = index.isMultiple(of: 2) ? first : second
                let decision = try await limiter.decide([(.client("acme"), analyses), (.global, upstream)], costs: [1, 1])
                XCTAssertNil(decision.degradation)
                XCTAssertEqual(decision.policies.map(\.policy), [analyses, upstream], "states in the order asked")
                if decision.allowed { allowed += 1 }
            }
            XCTAssertEqual(allowed, 3, "the fleet budget (3) decides")
            // The three refusals were refunded on the client's window: 2 of its 5 are left, not 0.
            // (A refund is sent as the refusal is answered; on another client's connection it may land a moment later.)
            var remaining: Int?
            for _ in 0..<50 {
                remaining = try await first.decide([(.client("acme"), analyses)], cost: 0).policies.first?.remaining
                if remaining == 2 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            XCTAssertEqual(remaining, 2)
        }
    }
}

/// The cluster clients did not connect to every master within 10 s.
private struct ClusterNotConnected: Error {}
