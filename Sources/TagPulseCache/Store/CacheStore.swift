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
    public let sameServer: Bool

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
        // Every instance's hot cache drops what it holds for these at once (exact mode checks the marks on every
        // hit anyway; leased mode relies on this, with `cache.hot_max_stale_ms` as the bound when it is lost).
        for notice in [keyHex.map { CacheNotice.purgedKey(hex: $0.lowercased()) }, tag.map(CacheNotice.purgedTag)].compactMap({ $0 }) {
            if let payload = notice.payload { commands.append(.publish(self.keyspace.noticesChannel, .string(payload))) }
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
        self.markMarkers(key).map { RedisCommand("HMGET", [.string($0), "soft", "hard"]) }
    }

    /// The purge markers that apply to `key`'s entry: its own, then its tags'.
    public func markMarkers(_ key: CacheKey) -> [String] {
        [self.keyspace.keyMarker(hex: key.hex)] + key.tags.map(self.keyspace.tagMarker)
    }

    /// The fields of a purge marker (`HMGET <marker> soft hard`).
    public static let markFields = ["soft", "hard"]

    /// `key`'s entry head and purge marks in one round trip, with the purges applied: nil when there is no entry
    /// (or it was hard-purged), without bringing its body back. A corrupt head reads as absent.
    public func lookupHead(_ key: CacheKey) -> EventLoopFuture<CacheEntryHead?> {
        let head = self.headCommand(key)
        let marks = self.markCommands(key)
        if self.sameServer {
            return self.control.pipeline([head] + marks).flatMapThrowing { replies in
                try Self.head(from: replies[0], marks: replies.dropFirst())
            }
        }
        return self.cache.send(head).and(self.control.pipeline(marks)).flatMapThrowing { head, marks in try Self.head(from: head, marks: marks) }
    }

    /// ``lookupHead(_:)``'s commands for a caller's own pipelines: the entry's `GETRANGE` (for ``cache``) and its
    /// marks' `HMGET`s (for ``control``; one pipeline when ``sameServer``). Read the replies back with
    /// ``head(from:marks:)``.
    public func headRead(_ key: CacheKey) -> (entry: RedisCommand, marks: [RedisCommand]) {
        (self.headCommand(key), self.markCommands(key))
    }

    private func headCommand(_ key: CacheKey) -> RedisCommand {
        RedisCommand("GETRANGE", [.string(self.keyspace.entry(key)), 0, .int(CacheEntryHead.prefixBytes - 1)])
    }

    /// Reads a `GETRANGE` reply of an entry's first bytes with its marks' `HMGET` replies.
    public static func head(from reply: RESPValue, marks: some Sequence<RESPValue>) throws -> CacheEntryHead? {
        if let error = reply.errorMessage { throw RedisClientError(.server, error) }
        guard let buffer = reply.buffer, buffer.readableBytes > 0, let head = try? CacheEntryHead(decodingPrefix: buffer) else { return nil }
        return PurgeMarks(replies: marks).apply(to: head)
    }

    static func entry(from reply: RESPValue, marks: [RESPValue]) throws -> CacheEntry? {
        if let error = reply.errorMessage { throw RedisClientError(.server, error) }
        guard let buffer = reply.buffer, let entry = try? CacheEntry(decoding: buffer) else { return nil }
        return PurgeMarks(replies: marks).apply(to: entry)
    }
}
