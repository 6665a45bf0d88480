import TagPulseRedis

/// Redis answers a `PING` (on Redis Cluster: and every slot has a master with a connection up).
struct RedisReadiness: ReadinessCheck {
    let redis: RedisClient
    var name: String { "redis" }

    func isReady(requestID: String) async -> Bool {
        guard self.redis.connectedCount > 0 else { return false }
        guard let reply = try? await self.redis.send(.ping, timeout: .milliseconds(300)) else { return false }
        return !reply.isError
    }
}
