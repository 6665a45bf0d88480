import NIOCore
import TagPulseRedis

/// API keys in Redis: create (the only time a secret exists in full), read, list, rotate, revoke, and the
/// `last_used` stamp. Every change is announced on `tp:events:keys` so each gateway drops its cached copy at once.
public struct KeyStore: Sendable {
    let redis: RedisClient
    let keyspace: AccessKeyspace
    let nowMilliseconds: @Sendable () -> Int64

    public init(redis: RedisClient, keyspace: AccessKeyspace, nowMilliseconds: @escaping @Sendable () -> Int64) {
        self.redis = redis
        self.keyspace = keyspace
        self.nowMilliseconds = nowMilliseconds
    }

    /// What to create.
    public struct NewKey: Sendable {
        public var name: String
        /// The client the key belongs to; nil starts a new client named after the key's id.
        public var client: String?
        public var tier: String
        public var scopes: Set<KeyScope>
        public var notAfterMilliseconds: Int64?

        public init(name: String, client: String? = nil, tier: String, scopes: Set<KeyScope>, notAfterMilliseconds: Int64? = nil) {
            self.name = name
            self.client = client
            self.tier = tier
            self.scopes = scopes
            self.notAfterMilliseconds = notAfterMilliseconds
        }
    }

    /// Creates a key; the returned ``APIKey`` is the only copy of its secret.
    public func create(_ new: NewKey) async throws(RedisClientError) -> (key: APIKey, record: KeyRecord) {
        let key = APIKey.generate()
        let record = KeyRecord(
            id: key.id,
            digest: KeyRecord.digest(of: key.text),
            name: new.name,
            client: new.client ?? key.id,
            tier: new.tier,
            scopes: new.scopes,
            createdMilliseconds: self.nowMilliseconds(),
            notAfterMilliseconds: new.notAfterMilliseconds
        )
        try await self.write(record, event: "created")
        return (key, record)
    }

    /// The record of `id`, or nil.
    public func record(id: String) async throws(RedisClientError) -> KeyRecord? {
        let reply = try await self.redis.send(.hgetall(self.keyspace.key(id: id)))
        return Self.record(id: id, reply: reply)
    }

    /// The record of `id`, or nil, without awaiting it (a read nobody waits for: ``KeyAuthenticator``'s refresh).
    public func readRecord(id: String) -> EventLoopFuture<KeyRecord?> {
        self.redis.send(.hgetall(self.keyspace.key(id: id))).map { Self.record(id: id, reply: $0) }
    }

    /// Every key, newest first (revoked ones included, marked).
    public func list() async throws(RedisClientError) -> [KeyRecord] {
        let ids = (try await self.redis.send(RedisCommand("SMEMBERS", [.string(self.keyspace.keyIndex)]))).array?.compactMap(\.string) ?? []
        guard !ids.isEmpty else { return [] }
        let replies = try await self.redis.pipeline(ids.map { .hgetall(self.keyspace.key(id: $0)) })
        var records: [KeyRecord] = []
        for (id, reply) in zip(ids, replies) {
            if case .success(let value) = reply, let record = Self.record(id: id, reply: value) { records.append(record) }
        }
        return records.sorted { ($0.createdMilliseconds, $0.id) > ($1.createdMilliseconds, $1.id) }
    }

    /// A new key for the same client, tier, scopes and expiry (a rotation never extends a key's lifetime); the old
    /// key keeps working for `overlapMilliseconds` (0 ends it now), never past its own expiry. Nil when `id` is
    /// unknown, revoked or expired (a key that no longer works cannot be turned into one that does).
    public func rotate(id: String, overlapMilliseconds: Int64) async throws(RedisClientError) -> (
        key: APIKey, record: KeyRecord, previous: KeyRecord
    )? {
        guard var previous = try await self.record(id: id), previous.isLive(at: self.nowMilliseconds()) else { return nil }
        let created = try await self.create(
            NewKey(
                name: previous.name,
                client: previous.client,
                tier: previous.tier,
                scopes: previous.scopes,
                notAfterMilliseconds: previous.notAfterMilliseconds
            )
        )
        let end = self.nowMilliseconds() + max(0, overlapMilliseconds)
        previous.notAfterMilliseconds = min(previous.notAfterMilliseconds ?? end, end)
        previous = try await self.write(previous, event: "changed")
        return (created.key, created.record, previous)
    }

    /// Marks `id` revoked (kept for the audit trail) and tells every instance. Nil when unknown.
    public func revoke(id: String) async throws(RedisClientError) -> KeyRecord? {
        guard var record = try await self.record(id: id) else { return nil }
        if record.revokedMilliseconds == nil {
            record.revokedMilliseconds = self.nowMilliseconds()
            record = try await self.write(record, event: "revoked")
        }
        return record
    }

    /// Records use, without waiting for the reply (callers throttle it).
    public func touch(id: String, at now: Int64) {
        _ = self.redis.send(.hset(self.keyspace.key(id: id), [("last_used", .string(String(now)))]))
    }

    /// Writes `record` and announces it as `<event> <generation> <id>` (the id last, as earlier readers expect).
    /// Every change after creation bumps the record's generation first; returns the record as written.
    @discardableResult
    private func write(_ record: KeyRecord, event: String) async throws(RedisClientError) -> KeyRecord {
        var record = record
        if event != "created" { record.generation += 1 }
        let key = self.keyspace.key(id: record.id)
        let replies = try await self.redis.pipeline([
            .hset(key, record.fields.map { ($0.field, .string($0.value)) }),
            RedisCommand("SADD", [.string(self.keyspace.keyIndex), .string(record.id)]),
            .publish(self.keyspace.keyEventsChannel, .string("\(event) \(record.generation) \(record.id)")),
        ])
        for reply in replies {
            if case .failure(let error) = reply { throw error }
        }
        return record
    }

    static func record(id: String, reply: RESPValue) -> KeyRecord? {
        guard let items = reply.array else { return nil }
        return KeyRecord(id: id, hash: items.compactMap(\.string))
    }
}
