import CoreMetrics
import Synchronization

/// `tagpulse_ratelimit_decisions_total{policy,outcome}`: per policy group (`requests`, `analyses`, `upstream`,
/// `ip`), `allowed`, `limited` (this policy refused the request) or `degraded` (decided without Redis: `local`,
/// `fail_open` or `fail_closed`). Refunds are not decisions and are not counted.
public final class RateLimitMetrics: Sendable {
    enum Outcome: String, Sendable {
        case allowed, limited, degraded
    }

    struct Key: Hashable, Sendable {
        var group: String
        var outcome: Outcome
    }

    let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Counts one decision over `policies` (a policy refused by it is `limited`; the others of a refused decision
    /// were not charged and are not counted).
    func record(_ decision: RateDecision, policies: [RatePolicy], cost: Int) {
        guard cost > 0 else { return }
        if decision.degradation != nil {
            for policy in policies { self.counter(policy.group, .degraded).increment() }
            return
        }
        if decision.allowed {
            for policy in policies { self.counter(policy.group, .allowed).increment() }
        } else {
            for state in decision.violated { self.counter(state.policy.group, .limited).increment() }
        }
    }

    /// Counts `count` decisions that Redis allowed over `policies` (a tick's batch of one client: one increment per
    /// policy, not one per request).
    func recordAllowed(_ count: Int, policies: [RatePolicy]) {
        guard count > 0 else { return }
        for policy in policies { self.counter(policy.group, .allowed).increment(by: count) }
    }

    /// Counts a `fail_closed` refusal (no decision object exists for it).
    func recordUnavailable(policies: [RatePolicy], cost: Int) {
        guard cost > 0 else { return }
        for policy in policies { self.counter(policy.group, .degraded).increment() }
    }

    private func counter(_ group: String, _ outcome: Outcome) -> Counter {
        let key = Key(group: group, outcome: outcome)
        if let existing = self.counters.withLock({ $0[key] }) { return existing }
        let created = Counter(
            label: "tagpulse_ratelimit_decisions_total",
            dimensions: [("policy", group), ("outcome", outcome.rawValue)],
            factory: self.factory
        )
        return self.counters.withLock { counters in
            if let raced = counters[key] { return raced }
            counters[key] = created
            return created
        }
    }
}
