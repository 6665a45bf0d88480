import MetricsTestKit
import Testing

@testable import TagPulseAccess

struct RateLimitMetricsTests {
    let requests = RatePolicy(group: "requests", limit: 60, periodMilliseconds: 60_000)
    let analyses = RatePolicy(group: "analyses", limit: 10, periodMilliseconds: 60_000)

    func state(_ policy: RatePolicy, allowed: Bool) -> RateDecision.PolicyState {
        .init(policy: policy, allowed: allowed, remaining: 0, resetMilliseconds: 0, retryAfterMilliseconds: allowed ? 0 : 600)
    }

    func total(_ factory: TestMetrics, _ policy: String, _ outcome: String) -> Int64 {
        factory.counterTotal(label: "tagpulse_ratelimit_decisions_total", dimensions: [("policy", policy), ("outcome", outcome)])
    }

    @Test func countsEachPolicyOfADecisionByOutcome() {
        let factory = TestMetrics()
        let metrics = RateLimitMetrics(factory: factory)
        let policies = [self.requests, self.analyses]
        metrics.record(RateDecision(allowed: true, policies: policies.map { self.state($0, allowed: true) }), policies: policies, cost: 1)
        metrics.record(
            RateDecision(allowed: false, policies: [self.state(self.requests, allowed: true), self.state(self.analyses, allowed: false)]),
            policies: policies,
            cost: 1
        )
        metrics.record(RateDecision(allowed: true, policies: [], degradation: .local), policies: policies, cost: 1)
        metrics.recordUnavailable(policies: [self.requests], cost: 1)
        // A refund is not a decision.
        metrics.record(RateDecision(allowed: true, policies: []), policies: policies, cost: -1)

        #expect(self.total(factory, "requests", "allowed") == 1)
        #expect(self.total(factory, "analyses", "allowed") == 1)
        #expect(self.total(factory, "analyses", "limited") == 1)
        #expect(self.total(factory, "requests", "limited") == 0, "a policy that did not refuse is not limited")
        #expect(self.total(factory, "requests", "degraded") == 2)
        #expect(self.total(factory, "analyses", "degraded") == 1)
    }

    @Test func aBatchOfAllowedDecisionsCountsOncePerPolicy() {
        let factory = TestMetrics()
        let metrics = RateLimitMetrics(factory: factory)
        metrics.recordAllowed(5, policies: [self.requests, self.analyses])
        metrics.recordAllowed(0, policies: [self.requests])
        #expect(self.total(factory, "requests", "allowed") == 5)
        #expect(self.total(factory, "analyses", "allowed") == 5)
    }
}
