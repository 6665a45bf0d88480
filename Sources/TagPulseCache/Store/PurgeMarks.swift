import TagPulseRedis

/// The purges that apply to one entry: the latest soft and hard purge times (ms) of its key and of its tags.
///
/// An entry stored at or before a hard purge does not exist; one stored at or before a soft purge is stale from
/// that moment (still servable within its stale-while-revalidate and stale-if-error windows).
public struct PurgeMarks: Sendable, Hashable {
    public var soft: Int64?
    public var hard: Int64?

    public init(soft: Int64? = nil, hard: Int64? = nil) {
        self.soft = soft
        self.hard = hard
    }

    /// How long a purge mark must live: as long as any entry it covers could, the longer Redis retention (fresh
    /// plus the longer stale window) of the `positive` and `negative` lifetimes. A mark that expired earlier would
    /// let an entry stored before the purge come back.
    public static func lifetimeMilliseconds(positive: CacheLifetimes, negative: CacheLifetimes) -> Int64 {
        max(positive.retentionMilliseconds, negative.retentionMilliseconds)
    }

    /// The later of each kind.
    public mutating func merge(_ other: PurgeMarks) {
        self.soft = [self.soft, other.soft].compactMap { $0 }.max()
        self.hard = [self.hard, other.hard].compactMap { $0 }.max()
    }

    /// `head` as these purges leave it: nil when hard-purged, soft-purged from the mark when it applies.
    public func apply(to head: CacheEntryHead) -> CacheEntryHead? {
        if let hard = self.hard, head.storedAt <= hard { return nil }
        var head = head
        if let soft = self.soft, head.storedAt <= soft { head.softPurge(at: soft) }
        return head
    }

    /// Reads `HMGET <marker> soft hard` replies (one per marker) and keeps the latest of each kind.
    public init(replies: some Sequence<RESPValue>) {
        self.init()
        for reply in replies {
            guard let fields = reply.array, fields.count == 2 else { continue }
            self.merge(PurgeMarks(soft: fields[0].string.flatMap { Int64($0) }, hard: fields[1].string.flatMap { Int64($0) }))
        }
    }

    /// `entry` as these purges leave it (``apply(to:)-(CacheEntryHead)`` on its head).
    public func apply(to entry: CacheEntry) -> CacheEntry? {
        guard let head = self.apply(to: entry.head) else { return nil }
        var entry = entry
        if let staleAfter = head.staleAfter { entry.softPurge(at: staleAfter) }
        return entry
    }
}
