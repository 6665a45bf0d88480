import TagPulseRedis

/// A tick's `requests` charges of one subject as one `EVALSHA` of `redis/gcra-many.lua`, for a caller that sends it in
/// its own pipeline (the hit path's batch, decision 0005) and reads the reply back with
/// ``RateLimiter/settle(_:reply:)``. Made by ``RateLimiter/pendingCharges(_:policies:count:)``.
public struct PendingCharges: Sendable {
    /// The script call to send.
    public let command: RedisCommand
    let policies: [RatePolicy]
    /// The requests charged, as if one after the other.
    let count: Int
    let keys: [String]

    /// The same charges with their command encoded ahead (``RedisCommand/preEncoded()``), for a caller that sends
    /// them again.
    public func preEncoded() -> PendingCharges {
        PendingCharges(command: self.command.preEncoded(), policies: self.policies, count: self.count, keys: self.keys)
    }
}

extension RateLimiter {
    /// `count` requests of `subject` as one script call for the caller's own pipeline. nil when it cannot be sent that
    /// way: no policy to charge, a cluster (a subject's windows may live on another node), or the script not loaded
    /// yet; ``decide(_:policies:completing:on:)`` decides those.
    public func pendingCharges(_ subject: RateSubject, policies: [RatePolicy], count: Int) -> PendingCharges? {
        guard !policies.isEmpty, count > 0, !self.redis.isCluster else { return nil }
        let keys = policies.map { self.keyspace.rateLimit(subject: subject, policy: $0) }
        let arguments = self.manyArguments(policies: policies, count: count)
        guard let command = self.redis.scriptCommand(.gcraMany, keys: keys, arguments: arguments) else { return nil }
        return PendingCharges(command: command, policies: policies, count: count, keys: keys)
    }

    /// Whether the scripts read the time from Redis (`TIME`), so that a script call's command depends only on its
    /// subject, policies and count and can be sent again: false with a fixed clock (tests).
    public var asksServerTime: Bool { self.fixedNowMicroseconds() == nil }

    /// Whether `client` is the connection pool this limiter charges through: commands for both can share a pipeline.
    public func chargesThrough(_ client: RedisClient) -> Bool {
        self.redis === client
    }

    /// The decisions of `charges` from Redis's reply to their command, or from the pipeline's failure (pass
    /// ``firstOf(_:deadlineOn:settle:)``'s result, so `ratelimit.decision_timeout_ms` applies): one per request, in
    /// order, each a degraded decision or ``RateLimitUnavailable`` when Redis could not decide. nil for a `NOSCRIPT`
    /// reply (Redis restarted or flushed its scripts; nothing was charged): decide them again with
    /// ``decide(_:policies:completing:on:)``, which loads the script.
    public func settle(_ charges: PendingCharges, reply: Result<RESPValue, any Error>) -> [Result<RateDecision, RateLimitUnavailable>]? {
        if case .success(.error(let message)) = reply, RedisClientError.serverErrorPrefix(of: message) == "NOSCRIPT" { return nil }
        return self.settleMany(reply, keys: charges.keys, policies: charges.policies, count: charges.count)
    }
}
