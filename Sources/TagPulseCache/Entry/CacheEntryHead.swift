/// The part of a ``CacheEntry`` that says what it is and whether it may be served — status, times, lifetimes, soft
/// purge and ETag — without its body. It is also the first bytes of the entry's binary form, so a hit can read it
/// alone (``prefixBytes`` bytes with `GETRANGE`) and take the body from memory when the ETag and times match
/// (the gateway's hot cache): Redis reply bytes per hit do not grow with the body.
///
/// Times are milliseconds since the Unix epoch, taken from one clock (the gateway passes Redis `TIME` or its own
/// clock in; nothing here reads a clock). Freshness is a pure function of `now`:
///
/// ```
///  storedAt           staleAt                staleAt + SWR             staleAt + SIE
///     |----- fresh ------|-- stale-while-revalidate --|-- stale-if-error --|-- expired
/// ```
///
/// `staleAt` is `storedAt + fresh`, or earlier once the entry was soft-purged (``softPurge(at:)``): a soft purge
/// makes the entry stale at once while keeping both stale windows, so clients are still served while it refreshes.
public struct CacheEntryHead: Sendable, Hashable {
    /// Bytes of an encoded entry that always hold its head when the ETag is the gateway's own (34 bytes): the fixed
    /// fields (44), the soft-purge time (8) and the ETag with its length (35) fit with room to spare.
    public static let prefixBytes = 128

    /// The HTTP status to answer with: 200, or a negative entry's status (404 for an unknown hashtag).
    public let status: Int
    /// When the response was stored.
    public let storedAt: Int64
    public let lifetimes: CacheLifetimes
    /// A strong ETag of the uncompressed body, quoted (`CacheEntry.strongETag(for:)`).
    public let etag: String
    /// When set, the entry is stale from this moment even if its fresh lifetime has not run out (soft purge).
    public private(set) var staleAfter: Int64?

    public init(status: Int, storedAt: Int64, lifetimes: CacheLifetimes, etag: String, staleAfter: Int64? = nil) {
        self.status = status
        self.storedAt = storedAt
        self.lifetimes = lifetimes
        self.etag = etag
        self.staleAfter = staleAfter
    }

    /// The head as stored, before any soft purge was applied (what a copy kept in memory holds).
    public var unpurged: CacheEntryHead {
        CacheEntryHead(status: self.status, storedAt: self.storedAt, lifetimes: self.lifetimes, etag: self.etag)
    }

    /// The same stored response: status, stored time and ETag match (a soft purge does not make it another one).
    public func isSameVersion(as other: CacheEntryHead) -> Bool {
        self.storedAt == other.storedAt && self.etag == other.etag && self.status == other.status
    }

    /// Marks the entry stale from `now` on (keeping the earlier moment if it already was); it stays servable
    /// within its stale windows while a refresh replaces it.
    public mutating func softPurge(at now: Int64) {
        self.staleAfter = min(self.staleAfter ?? .max, now)
    }

    /// The moment the entry goes stale: `storedAt + fresh`, or the soft-purge moment if earlier.
    public var staleAt: Int64 {
        min(Self.add(self.storedAt, self.lifetimes.freshMilliseconds), self.staleAfter ?? .max)
    }

    /// Where the entry stands at `now`. A `now` before `storedAt` (clocks of two instances disagreeing) counts
    /// as age 0.
    public func state(at now: Int64) -> CacheFreshness {
        let (difference, overflow) = now.subtractingReportingOverflow(self.storedAt)
        let age = overflow ? (now < self.storedAt ? 0 : .max) : max(difference, 0)
        let staleAt = self.staleAt
        guard now >= staleAt else { return .fresh(ageMilliseconds: age) }
        if now < Self.add(staleAt, self.lifetimes.staleWhileRevalidateMilliseconds) {
            return .staleWhileRevalidate(ageMilliseconds: age)
        }
        if now < Self.add(staleAt, self.lifetimes.staleIfErrorMilliseconds) {
            return .staleIfError(ageMilliseconds: age)
        }
        return .expired
    }

    /// Milliseconds of freshness left at `now`, negative once stale (`Cache-Status: …; ttl=` in seconds).
    public func remainingFreshMilliseconds(at now: Int64) -> Int64 {
        let (difference, overflow) = self.staleAt.subtractingReportingOverflow(now)
        return overflow ? (now > 0 ? .min : .max) : difference
    }

    /// How long Redis keeps the entry from `storedAt`: fresh + max(SWR, SIE), for `SET … PX`.
    public var redisTTLMilliseconds: Int64 { self.lifetimes.retentionMilliseconds }

    /// The moment Redis drops the entry (`storedAt` + ``redisTTLMilliseconds``).
    public var expiresAt: Int64 { Self.add(self.storedAt, self.redisTTLMilliseconds) }

    static func add(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? (rhs > 0 ? .max : .min) : sum
    }
}
