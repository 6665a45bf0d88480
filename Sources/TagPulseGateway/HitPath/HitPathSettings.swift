import TagPulseAccess

/// How cache hits are served (`HitPath/`, decision 0003): the hot cache, the rate-limit mode, and the event-loop
/// handler's limits. Read from configuration (`GatewayConfiguration+HitPath.swift`).
public struct HitPathSettings: Sendable, Hashable {
    /// How a hit's `requests` charge is decided.
    public enum RateLimitMode: String, Sendable, CaseIterable {
        /// Every request is one script call in Redis (with the entry's head read in the same call).
        case exact
        /// Instances lease slices of each client's allowance and decide from memory (``RateLeases``).
        case leased
    }

    public var rateLimitMode: RateLimitMode = .exact
    public var leases = RateLeases.Settings()
    /// Bytes of recently hit entries kept in memory with their responses prepared; 0 turns the hot cache off.
    public var hotMaxBytes: Int = 64 << 20
    /// Leased mode: a hot entry not confirmed by Redis for this long is checked again before it is served (pub/sub
    /// notices drop it earlier on purge or refill).
    public var hotMaxStaleMilliseconds: Int64 = 1000
    /// The largest POST body the event loop reads to find a hit; larger ones go to the router.
    public var maxEventLoopBodyBytes: Int = 16 << 10
    /// Exact (path, body) → cache key mappings remembered (`cache.hit_key_memo_entries`).
    public var keyMemoCapacity: Int = 10_000

    public init() {}
}
