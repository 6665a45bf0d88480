import NIOCore
import TagPulseRedis

/// Warm-up jobs in the control Redis: one hash per job (``WarmJobState``), written only through
/// `redis/warm-write.lua`, so a write renews the job's lifetime (`warm.job_ttl_s` from its last change) but never
/// brings back a job that expired.
public struct WarmJobStore: Sendable {
    let redis: RedisClient
    let prefix: String
    let ttl: Duration

    public init(redis: RedisClient, keyPrefix: String, ttl: Duration) {
        self.redis = redis
        self.prefix = keyPrefix
        self.ttl = ttl
    }

    /// `<prefix>warm:<job>`.
    public func key(_ id: WarmJobID) -> String { GatewayKeyspace(prefix: self.prefix).warmJob(id.rawValue) }

    /// Writes a new job; false when one with that id exists already (nothing written).
    public func create(_ job: WarmJobState) async throws(RedisClientError) -> Bool {
        try await self.write(job.id, mode: "create", job.fields)
    }

    /// Changes fields of a job; false when the job is gone (expired or deleted: nothing written).
    public func update(_ id: WarmJobID, _ fields: [(field: String, value: String)]) async throws(RedisClientError) -> Bool {
        try await self.write(id, mode: "update", fields)
    }

    /// The job, or nil when it does not exist (unknown, expired, or unreadable).
    public func read(_ id: WarmJobID) async throws(RedisClientError) -> WarmJobState? {
        let reply = try await self.redis.send(.hgetall(self.key(id)))
        guard let values = reply.array, !values.isEmpty else { return nil }
        var hash: [String: String] = [:]
        hash.reserveCapacity(values.count / 2)
        var index = 0
        while index + 1 < values.count {
            if let field = values[index].string, let value = values[index + 1].string { hash[field] = value }
            index += 2
        }
        return WarmJobState(id: id, hash: hash)
    }

    private func write(_ id: WarmJobID, mode: String, _ fields: [(field: String, value: String)]) async throws(RedisClientError) -> Bool {
        var arguments: [RedisCommand.Argument] = [.string(mode), .int(max(1, Int(self.ttl.milliseconds)))]
        arguments.reserveCapacity(2 + 2 * fields.count)
        for (field, value) in fields {
            arguments.append(.string(field))
            arguments.append(.string(value))
        }
        let reply = try await self.redis.evalScript(.warmWrite, keys: [self.key(id)], arguments: arguments)
        return reply.int == 1
    }
}
