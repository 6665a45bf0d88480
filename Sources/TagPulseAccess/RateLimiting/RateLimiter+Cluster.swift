import NIOCore
import TagPulseRedis

extension RateLimiter {
    /// A decision over windows of several subjects on Redis Cluster, where each subject's keys share one hash tag
    /// but different subjects' do not (a miss's client `analyses` and the fleet's `upstream`): one `gcra.lua` call
    /// per subject, all sent at once (one round trip, in parallel on their masters), each atomic in its slot. When
    /// every call allows, the decision allows; when one refuses, the calls that charged are refunded (the negative
    /// cost, as for any refund) and the decision refuses, reporting those windows as they stay (uncharged). Between
    /// the charge and its refund another request may see the charge: erring towards the limit, never past it
    /// (docs/design-notes.md).
    func decideAcrossSlots(keys: [String], policies: [RatePolicy], subjects: [RateSubject], costs: [Int]) -> EventLoopFuture<RateDecision?> {
        var groups: [(subject: RateSubject, indices: [Int])] = []
        for (index, subject) in subjects.enumerated() {
            if let group = groups.firstIndex(where: { $0.subject == subject }) {
                groups[group].indices.append(index)
            } else {
                groups.append((subject, [index]))
            }
        }
        let eventLoop = self.eventLoopGroup.any()
        let calls = groups.map { group in
            self.evalDecision(
                keys: group.indices.map { keys[$0] },
                policies: group.indices.map { policies[$0] },
                cost: costs[group.indices[0]],
                costs: group.indices.map { costs[$0] }
            ).map { (group.indices, $0) }
        }
        return EventLoopFuture.whenAllComplete(calls, on: eventLoop).flatMapThrowing { results in
            var parts: [([Int], RateDecision)] = []
            var firstError: (any Error)?
            for result in results {
                switch result {
                case .success((let indices, let decision?)): parts.append((indices, decision))
                case .success((_, nil)): firstError = firstError ?? RedisClientError(.protocol, "bad gcra reply")
                case .failure(let error): firstError = firstError ?? error
                }
            }
            let allowed = firstError == nil && parts.allSatisfy(\.1.allowed)
            if !allowed {
                // Give back what the calls that allowed charged; the decision is refused (or degraded) as a whole.
                for (indices, decision) in parts where decision.allowed {
                    _ = self.evalDecision(
                        keys: indices.map { keys[$0] },
                        policies: indices.map { policies[$0] },
                        cost: -costs[indices[0]],
                        costs: indices.map { -costs[$0] }
                    )
                }
            }
            if let firstError { throw firstError }
            var states = [RateDecision.PolicyState?](repeating: nil, count: policies.count)
            for (indices, decision) in parts {
                for (index, state) in zip(indices, decision.policies) {
                    var state = state
                    if !allowed && decision.allowed { state.remaining = min(state.remaining + costs[index], state.policy.burst) }
                    states[index] = state
                }
            }
            return RateDecision(allowed: allowed, policies: states.compactMap { $0 })
        }
    }
}
