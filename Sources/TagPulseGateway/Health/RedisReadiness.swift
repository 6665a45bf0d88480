import TagPulseRedis

/// Redis answers a `PING`.
struct RedisReadiness: ReadinessCheck {
    let redis: RedisClient
    var name: String { "redis" }

    func isReady(requestID: String) async -> Bool {
        guard let reply = try? await self.redis.send(.ping, timeout: .milliseconds(300)) else { return false }
        return !reply.isError
    }
}
