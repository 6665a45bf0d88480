/// How the gateway limits traffic; read from configuration by the gateway (see its key table).
public struct RateLimitSettings: Sendable {
    /// What to do when Redis cannot take a decision within ``decisionTimeout``.
    public enum DegradedMode: String, Sendable, CaseIterable {
        /// Admit everything (counted, and marked in a response header).
        case failOpen = "fail_open"
        /// Refuse with 503 `RATE_LIMIT_UNAVAILABLE` and `Retry-After`.
        case failClosed = "fail_closed"
        /// Enforce each policy per instance at limit ÷ live instances.
        case local
    }

    public var tiers: [String: RateLimitTier]
    /// Per client IP, for unauthenticated and failed-auth traffic.
    public var ip: [RatePolicy]
    /// Shared by every key: the fleet's budget of upstream calls (each engine call charged its estimate, ``AnalysisCost``).
    public var upstream: [RatePolicy]
    public var degradedMode: DegradedMode
    /// How long a decision may wait for Redis before the degraded mode takes it.
    public var decisionTimeout: Duration
    /// IPv6 clients are counted by their network of this many bits for the `ip` policy (`/64`: one subnet).
    public var ipv6Prefix: Int
    /// Most windows the `local` degraded mode tracks per instance (least recently used forgotten first).
    public var localCapacity: Int

    public init(
        tiers: [String: RateLimitTier] = Self.defaultTiers,
        ip: [RatePolicy] = [RatePolicy(group: "ip", limit: 120, periodMilliseconds: 60_000)],
        upstream: [RatePolicy] = [RatePolicy(group: "upstream", limit: 60_000, periodMilliseconds: 60_000)],
        degradedMode: DegradedMode = .local,
        decisionTimeout: Duration = .milliseconds(25),
        ipv6Prefix: Int = 64,
        localCapacity: Int = 100_000
    ) {
        self.tiers = tiers
        self.ip = ip
        self.upstream = upstream
        self.degradedMode = degradedMode
        self.decisionTimeout = decisionTimeout
        self.ipv6Prefix = ipv6Prefix
        self.localCapacity = localCapacity
    }

    /// `free`, `standard` and `internal` (the bootstrap key's tier).
    public static let defaultTiers: [String: RateLimitTier] = [
        "free": RateLimitTier(
            name: "free",
            requests: [
                .init(group: "requests", limit: 60, periodMilliseconds: 60_000),
                .init(group: "requests", limit: 1000, periodMilliseconds: 86_400_000),
            ],
            analyses: [.init(group: "analyses", limit: 10, periodMilliseconds: 60_000)]
        ),
        "standard": RateLimitTier(
            name: "standard",
            requests: [.init(group: "requests", limit: 600, periodMilliseconds: 60_000)],
            analyses: [.init(group: "analyses", limit: 60, periodMilliseconds: 60_000)]
        ),
        "internal": RateLimitTier(
            name: "internal",
            requests: [.init(group: "requests", limit: 100_000, periodMilliseconds: 60_000)],
            analyses: [.init(group: "analyses", limit: 600, periodMilliseconds: 60_000)]
        ),
    ]
}
