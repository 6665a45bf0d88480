import Logging
import NIOCore
import TagPulseRedis

/// Cache entries and purge marks in Redis.
///
/// A lookup is one round trip: the entry's `GET` goes to the cache Redis and the marks' `HMGET`s to the control
/// Redis — one pipeline when they are the same server, two concurrent ones otherwise. Event-loop API: no task.
public struct CacheStore: Sendable {
    public let control: RedisClient
    public let cache: RedisClient
    public let keyspace: CacheKeyspace
    /// Largest compressed entry stored; larger answers are served but not cached.
    public let maximumEntryBytes: Int
    /// When set, entries are stored only while it admits writes (the shared Redis has headroom).
    public let memoryGuard: CacheMemoryGuard?
    let sameServer: Bool

    public init(
        control: RedisClient,
        cache: RedisClient? = nil,
        keyspace: CacheKeyspace,
        maximumEntryBytes: Int,
        memoryGuard: CacheMemoryGuard? = nil
    ) {
        self.memoryGuard = memoryGuard
        self.control = control
        self.cache = cache ?? control
        self.sameServer = cache == nil || cache === control
        self.keyspace = keyspace
        self.maximumEntryBytes = maximumEntryBytes
    }

    /// What is stored for `key`, with its purges applied. A corrupt entry reads as absent.
    public func lookup(_ key: CacheKey) -> EventLoopFuture<CacheEntry?> {
        let get = RedisCommand.get(self.keyspace.entry(key))
        let marks = self.markCommands(key)
        if self.sameServer {
            return self.control.pipeline([get] + marks).flatMapThrowing { replies in
                try Self.entry(from: replies[0], marks: Array(replies.dropFirst()))
            }
        }
        let entry = self.cache.send(get)
        let markReplies = self.control.pipeline(marks)
        return entry.and(markReplies).flatMapThrowing { entry, marks in try Self.entry(from: entry, marks: marks) }
    }

    /// Stores `entry` for its Redis lifetime; false (and nothing stored) when it is over the size cap or the memory
    /// guard has paused writes.
    public func store(_ entry: CacheEntry, for key: CacheKey) -> EventLoopFuture<Bool> {
        let buffer = entry.encoded()
        guard buffer.readableBytes <= self.maximumEntryBytes, self.memoryGuard?.admitsWrites ?? true else {
            return self.cache.eventLoopGroup.any().makeSucceededFuture(false)
        }
        let ttl = max(1, Int(entry.redisTTLMilliseconds))
        return self.cache.send(.set(self.keyspace.entry(key), .bytes(buffer), expireMilliseconds: ttl)).map { _ in true }
    }

    /// Purges `key`'s entry (or, with `tag`, every entry carrying the tag) at `now`: hard (gone) or soft (stale,
    /// still shielding the engine within its stale windows). Marks live as long as the longest entry could.
    public func purge(keyHex: String? = nil, tag: String? = nil, soft: Bool, now: Int64, markLifetimeMilliseconds: Int64)
        -> EventLoopFuture<Void>
    {
        var commands: [RedisCommand] = []
        let field = soft ? "soft" : "hard"
        for marker in [keyHex.map(self.keyspace.keyMarker(hex:)), tag.map(self.keyspace.tagMarker)].compactMap({ $0 }) {
            commands.append(.hset(marker, [(field, .string(String(now)))]))
            commands.append(.pexpire(marker, milliseconds: Int(markLifetimeMilliseconds)))
        }
        let marked = self.control.pipeline(commands).flatMapThrowing { replies in
            if let error = replies.first(where: \.isError)?.errorMessage { throw RedisClientError(.server, error) }
        }
        // A hard purge of one key also frees its memory at once (the mark covers a copy written meanwhile).
        guard !soft, let keyHex, let entryKey = CacheKey.redisKey(forHex: keyHex, prefix: self.keyspace.prefix) else { return marked }
        return marked.and(self.cache.send(.del([entryKey]))).map { _ in () }
    }

    /// Purges `target` (see ``purge(keyHex:tag:soft:now:markLifetimeMilliseconds:)``).
    public func purge(_ target: CachePurgeTarget, soft: Bool, now: Int64, markLifetimeMilliseconds: Int64) -> EventLoopFuture<Void> {
        self.purge(keyHex: target.keyHex, tag: target.tagName, soft: soft, now: now, markLifetimeMilliseconds: markLifetimeMilliseconds)
    }

    private func markCommands(_ key: CacheKey) -> [RedisCommand] {
        [RedisCommand("HMGET", [.string(self.keyspace.keyMarker(hex: key.hex)), "soft", "hard"])]
            + key.tags.map { RedisCommand("HMGET", [.string(self.keyspace.tagMarker($0)), "soft", "hard"]) }
    }

    static func entry(from reply: RESPValue, marks: [RESPValue]) throws -> CacheEntry? {
        if let error = reply.errorMessage { throw RedisClientError(.server, error) }
        guard let buffer = reply.buffer, let entry = try? CacheEntry(decoding: buffer) else { return nil }
        var purges = PurgeMarks()
        for mark in marks {
            guard let fields = mark.array, fields.count == 2 else { continue }
            purges.merge(PurgeMarks(soft: fields[0].string.flatMap { Int64($0) }, hard: fields[1].string.flatMap { Int64($0) }))
        }
        return purges.apply(to: entry)
    }
}
