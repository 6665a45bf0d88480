import TagPulseCache

/// How the gateway caches analysis responses (read from configuration; see the key table).
public struct CacheSettings: Sendable {
    /// Off: every request goes to the engine (rate limits still apply).
    public var enabled: Bool = true
    /// Fresh 15 min, stale-while-revalidate 1 h, stale-if-error 24 h.
    public var lifetimes: CacheLifetimes = .defaultPositive
    /// "Nothing to analyse" answers: 60 s, no stale windows.
    public var negativeLifetimes: CacheLifetimes = .defaultNegative
    /// Largest compressed entry stored (bigger answers are served, not cached).
    public var maximumEntryBytes: Int = 4 << 20
    /// How long a fill lease holds before another instance may take over (longer than an engine call may take).
    public var leaseTTL: Duration = .seconds(35)
    /// Waiters look the entry up again at least this often (a lost notice costs at most this much).
    public var waitSlice: Duration = .milliseconds(250)
    /// Background refreshes (stale-while-revalidate) running at once per instance.
    public var refreshConcurrency: Int = 4
    /// Answer fresh hits of `GET /v1/hashtags/{tag}/analysis` on the connection's event loop (decision 0001).
    public var eventLoopHits: Bool = true
    /// A separate Redis for entries (evicting under pressure); nil: the control Redis.
    public var redisURL: String?

    public init() {}
}
