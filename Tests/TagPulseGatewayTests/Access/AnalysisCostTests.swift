import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagPulseAccess
import XCTest

@testable import TagPulseGateway

/// What a miss costs grows with the work it asks for (issue #15, item 6): `analyses` units from max_posts ×
/// max_comments_per_post, the fleet's `upstream` budget in estimated upstream calls, charged in one decision by the
/// real script; a refund gives back exactly what was charged.
final class AnalysisCostTests: XCTestCase, @unchecked Sendable {
    func testTheDocumentedTable() {
        for (posts, comments, units, calls) in [(1, 5, 1, 3), (20, 50, 1, 61), (50, 200, 10, 453), (100, 200, 20, 905)] {
            let cost = AnalysisCost(maxPosts: posts, maxCommentsPerPost: comments)
            XCTAssertEqual(cost.units, units, "\(posts) × \(comments)")
            XCTAssertEqual(cost.upstreamCalls, calls, "\(posts) × \(comments)")
        }
        let small = RatePolicy(group: "analyses", limit: 10, periodMilliseconds: 60_000)
        XCTAssertEqual(AnalysisCost(maxPosts: 100, maxCommentsPerPost: 200).clamped(to: small), 10, "never more than the burst")
        XCTAssertEqual(
            AnalysisCost(maxPosts: 100, maxCommentsPerPost: 200).clamped(
                to: RatePolicy(group: "upstream", limit: 60_000, periodMilliseconds: 60_000)
            ),
            905
        )
    }

    func remaining(_ headers: HTTPFields, _ policy: String) -> Int? {
        guard let value = headers[HTTPField.Name("RateLimit")!] else { return nil }
        for item in value.split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\"\(policy)\";r=") else { continue }
            return Int(trimmed.dropFirst(policy.count + 5).prefix { $0.isNumber })
        }
        return nil
    }

    func testAMissIsChargedByTheWorkItAsksFor() async throws {
        let tier = RateLimitTier(
            name: "free",
            requests: [.init(group: "requests", limit: 1000, periodMilliseconds: 60_000)],
            analyses: [.init(group: "analyses", limit: 100, periodMilliseconds: 86_400_000)]
        )
        // Windows long enough that the test's own duration refills nothing.
        let harness = try AccessRedisHarness(
            settings: RateLimitSettings(
                tiers: ["free": tier, "internal": RateLimitSettings.defaultTiers["internal"]!],
                upstream: [RatePolicy(group: "upstream", limit: 60_000, periodMilliseconds: 30 * 86_400_000)],
                decisionTimeout: .seconds(2)
            )
        )
        try await harness.run { client in
            let created = try await harness.store.create(.init(name: "metered", tier: "free", scopes: [.analyze]))
            let big = #"{"username":"chefmarco","max_posts":100,"max_comments_per_post":200}"#
            let small = #"{"username":"chefmarco","max_posts":1,"max_comments_per_post":5}"#
            let afterBig = try await client.execute(
                uri: "/v1/analyze/account",
                method: .post,
                headers: harness.headers(created.key.text, json: true),
                body: ByteBuffer(string: big)
            ) { response -> HTTPFields in
                XCTAssertEqual(response.status, .ok)
                return response.headers
            }
            XCTAssertEqual(self.remaining(afterBig, "analyses-86400s"), 80, "100 × 200 costs 20 units")
            XCTAssertEqual(self.remaining(afterBig, "upstream-2592000s"), 60_000 - 905, "and about 905 upstream calls")
            let afterSmall = try await client.execute(
                uri: "/v1/analyze/account",
                method: .post,
                headers: harness.headers(created.key.text, json: true),
                body: ByteBuffer(string: small)
            ) { response -> HTTPFields in
                XCTAssertEqual(response.status, .ok)
                return response.headers
            }
            XCTAssertEqual(self.remaining(afterSmall, "analyses-86400s"), 79, "1 × 5 costs 1 unit")
            XCTAssertEqual(self.remaining(afterSmall, "upstream-2592000s"), 60_000 - 905 - 3)

            // A refund gives back exactly the cost charged.
            let key = AuthenticatedKey(id: created.key.id, client: created.key.id, tier: "free", scopes: [.analyze])
            let cost = AnalysisCost(maxPosts: 100, maxCommentsPerPost: 200)
            let charged = try await harness.access.chargeAnalyses(key, cost: cost)
            XCTAssertEqual(charged.policies.first { $0.policy.group == "analyses" }?.remaining, 59)
            await harness.access.refundAnalyses(key, cost: cost, charged: charged)
            let probe = try await harness.access.chargeAnalyses(key, cost: .single)
            XCTAssertEqual(probe.policies.first { $0.policy.group == "analyses" }?.remaining, 78, "the refund restored all 20 units")
            XCTAssertEqual(probe.policies.first { $0.policy.group == "upstream" }?.remaining, 60_000 - 905 - 3 - 1)
        }
    }
}
