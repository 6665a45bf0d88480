import Synchronization

/// GCRA in this process's memory, for the `local` degraded mode: the same arithmetic as the Lua script, on a
/// bounded table of theoretical arrival times. Each instance enforces its share of every policy (limit ÷ live
/// instances), so the fleet as a whole stays near the configured limit while Redis is away.
public final class LocalRateLimiter: Sendable {
    private let state: Mutex<LRUTable<String, Double>>

    /// - Parameter capacity: most policy windows tracked; beyond it, the least recently used window is forgotten
    ///   (that subject starts afresh: the limiter errs towards admitting it, never towards refusing the active ones).
    public init(capacity: Int = 100_000) {
        self.state = Mutex(LRUTable(capacity: capacity))
    }

    /// Decides for `policies` (already scaled to this instance's share), all-or-nothing like the script.
    public func decide(keys: [String], policies: [RatePolicy], cost: Int, nowMicroseconds now: Int64) -> RateDecision {
        self.decide(keys: keys, policies: policies, costs: Array(repeating: cost, count: keys.count), nowMicroseconds: now)
    }

    /// As ``decide(keys:policies:cost:nowMicroseconds:)`` with one cost per window.
    public func decide(keys: [String], policies: [RatePolicy], costs: [Int], nowMicroseconds now: Int64) -> RateDecision {
        let now = Double(now)
        return self.state.withLock { table in
            var outcomes: [GCRA.Outcome] = []
            outcomes.reserveCapacity(policies.count)
            for (index, (key, policy)) in zip(keys, policies).enumerated() {
                outcomes.append(GCRA.evaluate(tat: table.get(key), now: now, policy: policy, cost: costs[index]))
            }
            let allowed = outcomes.allSatisfy(\.state.allowed)
            if allowed {
                for (key, outcome) in zip(keys, outcomes) { table.set(key, outcome.newTAT) }
            }
            return RateDecision(allowed: allowed, policies: outcomes.map { allowed ? $0.state : $0.unchargedState }, degradation: .local)
        }
    }

    /// Policy windows currently tracked.
    public var count: Int { self.state.withLock { $0.count } }

    /// Whether `key`'s window is tracked (tests).
    func isTracked(_ key: String) -> Bool { self.state.withLock { $0.peek(key) != nil } }
}
