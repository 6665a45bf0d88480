import Synchronization

/// GCRA in this process's memory, for the `local` degraded mode: the same arithmetic as the Lua script, on a
/// bounded table of theoretical arrival times. Each instance enforces its share of every policy (limit ÷ live
/// instances), so the fleet as a whole stays near the configured limit while Redis is away.
public final class LocalRateLimiter: Sendable {
    private let state: Mutex<[String: Double]>
    private let capacity: Int

    /// - Parameter capacity: most policy windows tracked; beyond it, expired ones are dropped, and if none are
    ///   expired the table starts afresh (the limiter then errs towards admitting).
    public init(capacity: Int = 100_000) {
        self.state = Mutex([:])
        self.capacity = capacity
    }

    /// Decides for `policies` (already scaled to this instance's share), all-or-nothing like the script.
    public func decide(keys: [String], policies: [RatePolicy], cost: Int, nowMicroseconds now: Int64) -> RateDecision {
        let now = Double(now)
        return self.state.withLock { table in
            var outcomes: [GCRA.Outcome] = []
            outcomes.reserveCapacity(policies.count)
            for (key, policy) in zip(keys, policies) {
                outcomes.append(GCRA.evaluate(tat: table[key], now: now, policy: policy, cost: cost))
            }
            let allowed = outcomes.allSatisfy(\.state.allowed)
            if allowed {
                if table.count + keys.count > self.capacity {
                    table = table.filter { $0.value > now }
                    if table.count + keys.count > self.capacity { table.removeAll(keepingCapacity: true) }
                }
                for (key, outcome) in zip(keys, outcomes) { table[key] = outcome.newTAT }
            }
            return RateDecision(allowed: allowed, policies: outcomes.map { allowed ? $0.state : $0.unchargedState }, degradation: .local)
        }
    }

    /// Policy windows currently tracked.
    public var count: Int { self.state.withLock { $0.count } }
}
