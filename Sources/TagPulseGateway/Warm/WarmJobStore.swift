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

    /// `<prefix>warm:jobs`: the ids of jobs not known finished, which every instance looks through for stalled ones.
    public var indexKey: String { GatewayKeyspace(prefix: self.prefix).warmJobIndex }

    /// Adds a job to the index (after ``create(_:)``).
    public func index(_ id: WarmJobID) async throws(RedisClientError) {
        _ = try await self.redis.send(RedisCommand("SADD", [.string(self.indexKey), .string(id.rawValue)]))
    }

    /// Removes a finished (or expired) job from the index.
    public func unindex(_ id: WarmJobID) async throws(RedisClientError) {
        _ = try await self.redis.send(RedisCommand("SREM", [.string(self.indexKey), .string(id.rawValue)]))
    }

    /// Up to `count` indexed job ids.
    public func indexed(count: Int) async throws(RedisClientError) -> [WarmJobID] {
        let reply = try await self.redis.send(RedisCommand("SRANDMEMBER", [.string(self.indexKey), .int(count)]))
        return (reply.array ?? []).compactMap { $0.string.flatMap(WarmJobID.init) }
    }

    /// Takes over a stalled job whose owner and heartbeat are still `job`'s (`redis/warm-claim.lua`).
    ///
    /// A claim whose reply was lost (timed out, or its connection closed) may have been applied: the job is read again
    /// and is this caller's when it holds the owner and heartbeat the claim writes (`now` is the caller's own, and a
    /// claimed job is not stalled, so no other instance can have written them). Not knowing it would leave the job
    /// claimed and run by nobody, looking alive until its heartbeat grows old again.
    public func claim(_ job: WarmJobState, owner: String, now: Int64) async throws(RedisClientError) -> Bool {
        let reply: RESPValue
        do {
            reply = try await self.redis.evalScript(
                .warmClaim,
                keys: [self.key(job.id)],
                arguments: [
                    .string(job.owner), .string(String(job.heartbeatAt)), .string(owner), .string(String(now)),
                    .int(max(1, Int(self.ttl.milliseconds))),
                ]
            )
        } catch let error where error.code == .timeout || error.code == .connectionClosed {
            guard let stored = try await self.readAfterLostReply(job.id) else { return false }
            return stored.owner == owner && stored.heartbeatAt == now && !stored.phase.isFinished
        }
        return reply.int == 1
    }

    /// ``read(_:)`` right after a reply was lost: its connection is being closed with it, and until the pool has
    /// replaced it (`.connectionClosed`, `.unavailable`) the read is tried again, up to 5 times 100 ms apart.
    private func readAfterLostReply(_ id: WarmJobID) async throws(RedisClientError) -> WarmJobState? {
        var attempt = 1
        while true {
            do {
                return try await self.read(id)
            } catch let error where (error.code == .unavailable || error.code == .connectionClosed) && attempt < 5 {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// What a write found.
    public enum Written: Sendable, Equatable {
        /// Written.
        case written
        /// Written, and a client asked the job to stop (its `cancel` field is set).
        case cancelRequested
        /// Not written: the job is gone (expired or deleted), or exists already (create).
        case refused
    }

    /// Writes a new job; false when one with that id exists already (nothing written).
    public func create(_ job: WarmJobState) async throws(RedisClientError) -> Bool {
        try await self.write(job.id, mode: "create", job.fields) != .refused
    }

    /// Changes fields of a job; false when the job is gone (expired or deleted: nothing written).
    public func update(_ id: WarmJobID, _ fields: [(field: String, value: String)]) async throws(RedisClientError) -> Bool {
        try await self.write(id, mode: "update", fields) != .refused
    }

    /// Changes fields of a job and says whether a client asked it to stop.
    public func updateReporting(_ id: WarmJobID, _ fields: [(field: String, value: String)]) async throws(RedisClientError) -> Written {
        try await self.write(id, mode: "update", fields)
    }

    /// Asks job `id` to stop (`cancel`, at `now`); false when it is gone.
    public func requestCancel(_ id: WarmJobID, now: Int64) async throws(RedisClientError) -> Bool {
        try await self.update(id, [("cancel", String(now)), ("updated_at", String(now))])
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

    private func write(_ id: WarmJobID, mode: String, _ fields: [(field: String, value: String)]) async throws(RedisClientError) -> Written {
        var arguments: [RedisCommand.Argument] = [.string(mode), .int(max(1, Int(self.ttl.milliseconds)))]
        arguments.reserveCapacity(2 + 2 * fields.count)
        for (field, value) in fields {
            arguments.append(.string(field))
            arguments.append(.string(value))
        }
        let reply = try await self.redis.evalScript(.warmWrite, keys: [self.key(id)], arguments: arguments)
        switch reply.int {
        case 1: return .written
        case 2: return .cancelRequested
        default: return .refused
        }
    }
}
