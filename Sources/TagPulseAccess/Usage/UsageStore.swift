import NIOCore
import Synchronization
import TagPulseRedis

/// Usage in Redis: one hash per client and UTC day, `<prefix>usage:{<client>}:<YYYYMMDD>`, with a field per key and
/// figure (`<key id>:<figure>`, e.g. `k3xq9v0m2abc:hits_fresh`), and a set per day of the clients that have one
/// (`<prefix>usage:clients:<YYYYMMDD>`). Each hash also holds, per writer, the number of its last write applied
/// there (`_seq:<instance>`, skipped by reading), which makes writes exactly once. Each hash lives until
/// `retentionDays` after its day ends (`EXPIREAT`, set again by every write). The client is the hash tag: a client's days may move between Cluster slots together.
public struct UsageStore: Sendable {
    let redis: RedisClient
    let keyspace: AccessKeyspace
    public let retentionDays: Int
    /// This writer's field in every hash it writes (`_seq:<instance>`): the number of the last write applied there.
    public let writer: String
    private let numbers: Numbers

    /// - Parameter writer: this process's name in the hashes (a gateway's instance id); unique per process.
    public init(redis: RedisClient, keyspace: AccessKeyspace, retentionDays: Int, writer: String = UsageStore.randomWriter()) {
        self.redis = redis
        self.keyspace = keyspace
        self.retentionDays = retentionDays
        self.writer = "_seq:" + writer
        self.numbers = Numbers()
    }

    /// 16 random hex digits.
    public static func randomWriter() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    private final class Numbers: Sendable {
        let value = Atomic<Int64>(0)
        func next() -> Int64 { self.value.wrappingAdd(1, ordering: .relaxed).newValue }
    }

    /// The longest range one read covers.
    public static let maxRangeDays = 366

    /// `<prefix>usage:{<client>}:<YYYYMMDD>` (``AccessKeyspace/usage(client:day:)``).
    public func hash(client: String, day: UsageDay) -> String { self.keyspace.usage(client: client, day: day) }

    /// `<prefix>usage:clients:<YYYYMMDD>` (``AccessKeyspace/usageClients(day:)``).
    public func clientIndex(day: UsageDay) -> String { self.keyspace.usageClients(day: day) }

    /// What ``write(_:number:)`` could not write: `unwritten` because Redis could not be reached (send it again, with
    /// the same number), `refused` because Redis answered with an error (a hash of another type: sending it again
    /// would fail again).
    public struct WriteOutcome: Sendable, Equatable {
        public var unwritten: [UsageBucket: UsageCounts] = [:]
        public var refused: [UsageBucket: UsageCounts] = [:]

        public init(unwritten: [UsageBucket: UsageCounts] = [:], refused: [UsageBucket: UsageCounts] = [:]) {
            self.unwritten = unwritten
            self.refused = refused
        }
    }

    /// The next number for this writer's writes (1, 2, 3, ... per process).
    public func nextNumber() -> Int64 { self.numbers.next() }

    /// The script calls that add `batch`, one per hash (`redis/usage-add.lua`: the `HINCRBY`s and the `EXPIREAT`, once
    /// per write number), and the day indexes' `SADD` + `EXPIREAT` (adding a member twice changes nothing).
    func calls(for batch: [UsageBucket: UsageCounts], number: Int64)
        -> (hashes: [(hash: String, buckets: [UsageBucket], arguments: [RedisCommand.Argument])], indexes: [RedisCommand])
    {
        var groups: [String: (buckets: [UsageBucket], fields: [RedisCommand.Argument], day: UsageDay, client: String)] = [:]
        for (bucket, counts) in batch where !counts.isZero {
            let hash = self.hash(client: bucket.account.client, day: bucket.day)
            var group = groups[hash] ?? ([], [], bucket.day, bucket.account.client)
            group.buckets.append(bucket)
            for counter in UsageCounter.allCases where counts[counter] != 0 {
                group.fields.append(.string(bucket.account.key + ":" + counter.rawValue))
                group.fields.append(.int(Int(counts[counter])))
            }
            groups[hash] = group
        }
        var indexes: [RedisCommand] = []
        var indexed = Set<String>()
        let hashes = groups.sorted { $0.key < $1.key }.map { hash, group in
            let expiry = group.day.adding(days: 1 + self.retentionDays).startSeconds
            let index = self.clientIndex(day: group.day)
            indexes.append(RedisCommand("SADD", [.string(index), .string(group.client)]))
            if indexed.insert(index).inserted { indexes.append(RedisCommand("EXPIREAT", [.string(index), .int(expiry)])) }
            return (hash, group.buckets, [.string(self.writer), .int(Int(number)), .int(expiry)] + group.fields)
        }
        return (hashes, indexes)
    }

    /// Writes `batch` as write `number` of this writer: one `redis/usage-add.lua` call per hash, all sent at once (one
    /// round trip), plus the day indexes. **Exactly once**: each hash remembers the last number of each writer it
    /// applied, so sending a write again after its reply was lost adds nothing twice. The caller sends a write that
    /// was not (wholly) written again, with the same number, before any later one (``UsageFlusher``).
    public func write(_ batch: [UsageBucket: UsageCounts], number: Int64) async -> WriteOutcome {
        let (hashes, indexes) = self.calls(for: batch, number: number)
        guard !hashes.isEmpty else { return WriteOutcome() }
        let adds = hashes.map { self.redis.evalScript(.usageAdd, keys: [$0.hash], arguments: $0.arguments) }
        let indexed: EventLoopFuture<[RESPValue]> = self.redis.pipeline(indexes)
        var outcome = WriteOutcome()
        for (group, add) in zip(hashes, adds) {
            do {
                _ = try await add.get()
            } catch let error as RedisClientError where error.code == .server {
                for bucket in group.buckets { outcome.refused[bucket] = batch[bucket] }
            } catch {
                for bucket in group.buckets { outcome.unwritten[bucket] = batch[bucket] }
            }
        }
        // The indexes only list who has a hash on a day; a lost index write is made good by the next write that day.
        _ = try? await indexed.get()
        return outcome
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
