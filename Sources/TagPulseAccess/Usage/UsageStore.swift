import NIOCore
import TagPulseRedis

/// Usage in Redis: one hash per client and UTC day, `<prefix>usage:{<client>}:<YYYYMMDD>`, with a field per key and
/// figure (`<key id>:<figure>`, e.g. `k3xq9v0m2abc:hits_fresh`), and a set per day of the clients that have one
/// (`<prefix>usage:clients:<YYYYMMDD>`). Each hash lives until `retentionDays` after its day ends (`EXPIREAT`, set
/// again by every write). The client is the hash tag: a client's days may move between Cluster slots together.
public struct UsageStore: Sendable {
    let redis: RedisClient
    let keyspace: RedisKeyspace
    public let retentionDays: Int

    public init(redis: RedisClient, keyspace: RedisKeyspace, retentionDays: Int) {
        self.redis = redis
        self.keyspace = keyspace
        self.retentionDays = retentionDays
    }

    /// The longest range one read covers.
    public static let maxRangeDays = 366

    /// `<prefix>usage:{<client>}:<YYYYMMDD>`.
    public func hash(client: String, day: UsageDay) -> String { self.keyspace.prefix + "usage:{" + client + "}:" + day.compact }

    /// `<prefix>usage:clients:<YYYYMMDD>`.
    public func clientIndex(day: UsageDay) -> String { self.keyspace.prefix + "usage:clients:" + day.compact }

    /// The commands that add `batch` (`HINCRBY` per non-zero figure, `EXPIREAT` per hash, `SADD` + `EXPIREAT` per day's
    /// index), grouped by hash: a group's commands all succeed or the group is written again.
    func commands(for batch: [UsageBucket: UsageCounts]) -> [(hash: String, buckets: [UsageBucket], commands: [RedisCommand])] {
        var groups: [String: (buckets: [UsageBucket], commands: [RedisCommand], day: UsageDay, client: String)] = [:]
        for (bucket, counts) in batch where !counts.isZero {
            let hash = self.hash(client: bucket.account.client, day: bucket.day)
            var group = groups[hash] ?? ([], [], bucket.day, bucket.account.client)
            group.buckets.append(bucket)
            for counter in UsageCounter.allCases where counts[counter] != 0 {
                group.commands.append(
                    RedisCommand("HINCRBY", [.string(hash), .string(bucket.account.key + ":" + counter.rawValue), .int(Int(counts[counter]))])
                )
            }
            groups[hash] = group
        }
        return groups.sorted { $0.key < $1.key }.map { hash, group in
            let expiry = group.day.adding(days: 1 + self.retentionDays).startSeconds
            let index = self.clientIndex(day: group.day)
            let commands =
                group.commands + [
                    RedisCommand("EXPIREAT", [.string(hash), .int(expiry)]),
                    RedisCommand("SADD", [.string(index), .string(group.client)]),
                    RedisCommand("EXPIREAT", [.string(index), .int(expiry)]),
                ]
            return (hash, group.buckets, commands)
        }
    }

    /// Writes `batch` in one pipelined round trip. Returns what was not written (everything when Redis could not be
    /// reached; a hash's buckets when one of its commands was refused), for the caller to keep and write again.
    ///
    /// At least once: a write whose replies are lost (the connection drops after Redis applied it) is written again,
    /// so a figure may be counted twice then; it is never lost.
    public func write(_ batch: [UsageBucket: UsageCounts]) async -> [UsageBucket: UsageCounts] {
        let groups = self.commands(for: batch)
        guard !groups.isEmpty else { return [:] }
        let replies: [Result<RESPValue, RedisClientError>]
        do {
            replies = try await self.redis.pipeline(groups.flatMap(\.commands))
        } catch {
            return batch
        }
        var unwritten: [UsageBucket: UsageCounts] = [:]
        var offset = 0
        for group in groups {
            let groupReplies = replies[offset..<offset + group.commands.count]
            offset += group.commands.count
            let failed = groupReplies.contains { if case .failure = $0 { true } else { false } }
            if failed {
                for bucket in group.buckets { unwritten[bucket] = batch[bucket] }
            }
        }
        return unwritten
    }

    /// Every stored row in `from...to` (both included), of `client` or of every client.
    public func read(client: String?, from: UsageDay, to: UsageDay) async throws(RedisClientError) -> [UsageRow] {
        guard from <= to else { return [] }
        let days = (from.number...to.number).map(UsageDay.init(number:))
        var targets: [(client: String, day: UsageDay)]
        if let client {
            targets = days.map { (client: client, day: $0) }
        } else {
            let members = try await self.redis.pipeline(days.map { RedisCommand("SMEMBERS", [.string(self.clientIndex(day: $0))]) })
            targets = []
            for (day, reply) in zip(days, members) {
                let clients = try reply.get().array?.compactMap(\.string) ?? []
                targets += clients.sorted().map { (client: $0, day: day) }
            }
        }
        guard !targets.isEmpty else { return [] }
        let hashes = try await self.redis.pipeline(targets.map { .hgetall(self.hash(client: $0.client, day: $0.day)) })
        var rows: [UsageRow] = []
        for (target, reply) in zip(targets, hashes) {
            let values = try reply.get().array ?? []
            var byKey: [String: UsageCounts] = [:]
            var index = 0
            while index + 1 < values.count {
                defer { index += 2 }
                guard let field = values[index].string, let value = values[index + 1].string.flatMap({ Int64($0) }),
                    let colon = field.lastIndex(of: ":"), let counter = UsageCounter(rawValue: String(field[field.index(after: colon)...]))
                else { continue }
                byKey[String(field[..<colon]), default: UsageCounts()][counter] += value
            }
            for (key, counts) in byKey.sorted(by: { $0.key < $1.key }) {
                rows.append(UsageRow(day: target.day, client: target.client, key: key, counts: counts))
            }
        }
        return rows
    }
}

/// One stored figure set: a client's key on a day.
public struct UsageRow: Sendable, Hashable {
    public var day: UsageDay
    public var client: String
    public var key: String
    public var counts: UsageCounts

    public init(day: UsageDay, client: String, key: String, counts: UsageCounts) {
        self.day = day
        self.client = client
        self.key = key
        self.counts = counts
    }
}
