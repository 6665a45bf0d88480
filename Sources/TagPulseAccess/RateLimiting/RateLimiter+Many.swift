import NIOCore
import TagPulseRedis

extension RateLimiter {
    /// Decides `promises.count` requests of one subject at once: one `EVALSHA` of `redis/gcra-many.lua`, with the
    /// same outcome as that many ``decide(_:cost:on:)`` calls one after the other at the same instant (the first
    /// refused request and every later one are charged nothing). Each promise gets its own request's decision, with
    /// the headers it would have had alone. When Redis cannot decide, each request takes the degraded mode on its own.
    func decide(_ subject: RateSubject, policies: [RatePolicy], completing promises: [EventLoopPromise<RateDecision>], on eventLoop: any EventLoop) {
        guard !promises.isEmpty else { return }
        guard !policies.isEmpty else {
            for promise in promises { promise.succeed(.unlimited) }
            return
        }
        let keys = policies.map { self.keyspace.rateLimit(subject: subject, policy: $0) }
        var arguments: [RedisCommand.Argument] = [self.fixedNowMicroseconds().map { .string(String($0)) } ?? .string(""), .int(promises.count)]
        arguments.reserveCapacity(2 + 3 * policies.count)
        for policy in policies {
            arguments.append(.int(policy.limit))
            arguments.append(.int(policy.periodMilliseconds))
            arguments.append(.int(policy.burst))
        }
        let costs = Array(repeating: 1, count: policies.count)
        let degrade: @Sendable (String) -> Void = { reason in
            for promise in promises { self.degrade(keys: keys, policies: policies, costs: costs, reason: reason, promise: promise) }
        }
        let reply = self.redis.evalScript(.gcraMany, keys: keys, arguments: arguments, timeout: .seconds(2))
        self.firstOf(reply, deadlineOn: eventLoop) { result in
            switch result {
            case .success(let reply):
                guard let decisions = Self.decisions(from: reply, policies: policies, count: promises.count) else {
                    degrade("bad_reply")
                    return
                }
                self.counters.exact.add(decisions.count, ordering: .relaxed)
                var allowed = 0
                for decision in decisions {
                    if decision.allowed {
                        allowed += 1
                    } else {
                        self.counters.limited.add(1, ordering: .relaxed)
                        self.metrics.record(decision, policies: policies, cost: 1)
                    }
                }
                self.metrics.recordAllowed(allowed, policies: policies)
                for (decision, promise) in zip(decisions, promises) { promise.succeed(decision) }
            case .failure(let error):
                degrade(Self.reason(error))
            }
        }
    }

    /// Reads `gcra-many.lua`'s reply, `{admitted, now, stored TAT…}`, into one decision per request.
    static func decisions(from reply: RESPValue, policies: [RatePolicy], count: Int) -> [RateDecision]? {
        guard let items = reply.array, items.count == 2 + policies.count, let admitted = items[0].int, (0...count).contains(admitted),
            let now = items[1].string.flatMap(Double.init)
        else { return nil }
        var stored: [Double?] = []
        stored.reserveCapacity(policies.count)
        for item in items.dropFirst(2) {
            guard let text = item.string else { return nil }
            stored.append(Double(text))
        }
        return Self.replay(admitted: admitted, count: count, now: now, stored: stored, policies: policies)
    }

    /// The `count` decisions `gcra.lua` would have taken one after the other at `now` from the `stored` TATs, of which
    /// Redis admitted the first `admitted` (its word is final: the arithmetic is the same, so they agree).
    static func replay(admitted: Int, count: Int, now: Double, stored: [Double?], policies: [RatePolicy]) -> [RateDecision] {
        var tats = stored
        var decisions: [RateDecision] = []
        decisions.reserveCapacity(count)
        for request in 0..<count {
            // One array per decision (its states), none in between: a tick's batch replays every request it holds.
            var states: [RateDecision.PolicyState] = []
            states.reserveCapacity(policies.count)
            for index in policies.indices {
                let outcome = GCRA.evaluate(tat: tats[index], now: now, policy: policies[index], cost: 1)
                if request < admitted {
                    tats[index] = outcome.newTAT
                    states.append(outcome.state)
                } else {
                    states.append(outcome.state.allowed ? outcome.unchargedState : outcome.state)
                }
            }
            decisions.append(RateDecision(allowed: request < admitted, policies: states))
        }
        return decisions
    }
}
