/// The GCRA arithmetic of `redis/gcra.lua`, in Swift, for the per-instance (`local`) degraded mode. The two are
/// kept equal by a test that runs the same sequences through both.
///
/// Times are microseconds; a policy's state is its theoretical arrival time (TAT).
enum GCRA {
    struct Outcome: Equatable {
        var state: RateDecision.PolicyState
        /// The TAT to store when the whole decision is allowed.
        var newTAT: Double
        /// The state to report when another policy refuses the decision (nothing charged).
        var unchargedState: RateDecision.PolicyState

        init(state: RateDecision.PolicyState, newTAT: Double) {
            self.state = state
            self.newTAT = newTAT
            self.unchargedState = state
        }

        func withUnchargedState(tat: Double, now: Double, interval: Double, capacity: Double) -> Outcome {
            guard self.state.allowed else { return self }
            var outcome = self
            outcome.unchargedState.remaining = GCRA.whole((now + capacity - tat) / interval)
            outcome.unchargedState.resetMilliseconds = GCRA.millisecondsUp(tat - now)
            return outcome
        }
    }

    static func evaluate(tat stored: Double?, now: Double, policy: RatePolicy, cost: Int) -> Outcome {
        let interval = Double(policy.periodMilliseconds) * 1000 / Double(policy.limit)
        let capacity = interval * Double(policy.burst)
        let tat = max(stored ?? now, now)
        if cost < 0 {
            let refunded = max(tat + interval * Double(cost), now).rounded()
            return Outcome(
                state: .init(
                    policy: policy,
                    allowed: true,
                    remaining: whole((now + capacity - refunded) / interval),
                    resetMilliseconds: millisecondsUp(refunded - now),
                    retryAfterMilliseconds: 0
                ),
                newTAT: refunded
            ).withUnchargedState(tat: tat, now: now, interval: interval, capacity: capacity)
        }
        let newTAT = tat + interval * Double(cost)
        let allowAt = newTAT - capacity
        if allowAt > now + 1e-6 {
            return Outcome(
                state: .init(
                    policy: policy,
                    allowed: false,
                    remaining: max(0, whole((now + capacity - tat) / interval)),
                    resetMilliseconds: millisecondsUp(tat - now),
                    retryAfterMilliseconds: millisecondsUp(allowAt - now)
                ),
                newTAT: tat
            ).withUnchargedState(tat: tat, now: now, interval: interval, capacity: capacity)
        }
        return Outcome(
            state: .init(
                policy: policy,
                allowed: true,
                remaining: whole((now + capacity - newTAT) / interval),
                resetMilliseconds: millisecondsUp(newTAT - now),
                retryAfterMilliseconds: 0
            ),
            newTAT: newTAT.rounded()
        ).withUnchargedState(tat: tat, now: now, interval: interval, capacity: capacity)
    }

    static func whole(_ value: Double) -> Int { Int((value + 1e-6).rounded(.down)) }

    static func millisecondsUp(_ microseconds: Double) -> Int { Int((microseconds / 1000 - 1e-6).rounded(.up)) }
}
