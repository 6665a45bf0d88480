import NIOCore
import TagPulseRedis

extension RateLimiter {
    /// Decides `promises.count` requests of one subject at once: one `EVALSHA` of `redis/gcra-many.lua`, with the
    /// same outcome as that many ``decide(_:cost:on:)`` calls one after the other at the same instant (the first
    /// refused request and every later one are charged nothing). Each promise gets its own request's decision, with
    /// the headers it would have had alone. When Redis cannot decide, each request takes the degraded mode on its own.
    public func decide(
        _ subject: RateSubject,
        policies: [RatePolicy],
        completing promises: [EventLoopPromise<RateDecision>],
        on eventLoop: any EventLoop
    ) {
        guard !promises.isEmpty else { return }
        guard !policies.isEmpty else {
            for promise in promises { promise.succeed(.unlimited) }
            return
        }
        let keys = policies.map { self.keyspace.rateLimit(subject: subject, policy: $0) }
        let reply = self.redis.evalScript(
            .gcraMany,
            keys: keys,
            arguments: self.manyArguments(policies: policies, count: promises.count),
            timeout: .seconds(2)
        )
        self.firstOf(reply, deadlineOn: eventLoop) { result in
            let decisions = self.settleMany(result, keys: keys, policies: policies, count: promises.count)
            for (decision, promise) in zip(decisions, promises) { promise.completeWith(decision.mapError { $0 }) }
        }
    }

    /// `gcra-many.lua`'s arguments for `count` requests: `now` (empty: Redis `TIME`), the count, then each policy's
    /// limit, period and burst.
    func manyArguments(policies: [RatePolicy], count: Int) -> [RedisCommand.Argument] {
        var arguments: [RedisCommand.Argument] = [self.fixedNowMicroseconds().map { .string(String($0)) } ?? .string(""), .int(count)]
        arguments.reserveCapacity(2 + 3 * policies.count)
        for policy in policies {
            arguments.append(.int(policy.limit))
            arguments.append(.int(policy.periodMilliseconds))
            arguments.append(.int(policy.burst))
        }
        return arguments
    }

    /// `count` decisions from `gcra-many.lua`'s reply (an error reply or a failure: each request takes the degraded
    /// mode on its own), counted in the metrics.
    func settleMany(_ result: Result<RESPValue, any Error>, keys: [String], policies: [RatePolicy], count: Int)
        -> [Result<RateDecision, RateLimitUnavailable>]
    {
        let reason: String
        switch result {
        case .success(.error(let message)):
            reason = Self.reason(RedisClientError(.server, message))
        case .success(let reply):
            guard let decisions = Self.decisions(from: reply, policies: policies, count: count) else {
                reason = "bad_reply"
                break
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
            return decisions.map { .success($0) }
        case .failure(let error):
            reason = Self.reason(error)
        }
        let costs = Array(repeating: 1, count: policies.count)
        return (0..<count).map { _ in self.degraded(keys: keys, policies: policies, costs: costs, reason: reason) }
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
