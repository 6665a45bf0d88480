/// How long a stored response stays usable, in milliseconds from the moment it goes stale (RFC 5861's windows).
///
/// - fresh: served as is, without asking the engine.
/// - stale-while-revalidate: served at once while one background refresh runs.
/// - stale-if-error: served only when a refresh fails (engine error, timeout, overload, unreachable).
///
/// Both stale windows start when the entry goes stale, so they overlap: with the defaults an entry is fresh for
/// 15 min, then SWR-servable for 1 h, and SIE-servable until 24 h after it went stale.
public struct CacheLifetimes: Sendable, Hashable {
    /// DESIGN §6: fresh 15 min, SWR 1 h, SIE 24 h.
    public static let defaultPositive = CacheLifetimes(
        freshMilliseconds: 15 * 60_000,
        staleWhileRevalidateMilliseconds: 60 * 60_000,
        staleIfErrorMilliseconds: 24 * 60 * 60_000
    )
    /// DESIGN §6: a negative entry (unknown hashtag) is fresh for 60 s and never served stale.
    public static let defaultNegative = CacheLifetimes(
        freshMilliseconds: 60_000,
        staleWhileRevalidateMilliseconds: 0,
        staleIfErrorMilliseconds: 0
    )

    public var freshMilliseconds: Int64
    public var staleWhileRevalidateMilliseconds: Int64
    public var staleIfErrorMilliseconds: Int64

    /// Negative values are read as 0.
    public init(freshMilliseconds: Int64, staleWhileRevalidateMilliseconds: Int64, staleIfErrorMilliseconds: Int64) {
        self.freshMilliseconds = max(freshMilliseconds, 0)
        self.staleWhileRevalidateMilliseconds = max(staleWhileRevalidateMilliseconds, 0)
        self.staleIfErrorMilliseconds = max(staleIfErrorMilliseconds, 0)
    }

    /// How long Redis must keep the entry: fresh + the longer stale window (saturating).
    public var retentionMilliseconds: Int64 {
        let (sum, overflow) = self.freshMilliseconds.addingReportingOverflow(
            max(self.staleWhileRevalidateMilliseconds, self.staleIfErrorMilliseconds)
        )
        return overflow ? .max : sum
    }
}
