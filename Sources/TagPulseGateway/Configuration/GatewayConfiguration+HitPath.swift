import TagPulseAccess
import TagPulseSettings

extension GatewayConfiguration {
    /// The hit-path keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`).
    enum HitPathKeys {
        static let rateLimitMode = ConfigKey("ratelimit.mode")
        static let leaseLifetime = ConfigKey("ratelimit.lease_ms")
        static let leaseMaxSlice = ConfigKey("ratelimit.lease_max_slice")
        static let hotMaxBytes = ConfigKey("cache.hot_max_bytes")
        static let hotMaxStale = ConfigKey("cache.hot_max_stale_ms")
        static let eventLoopBody = ConfigKey("http.event_loop_body_bytes")
        static let keyMemoEntries = ConfigKey("cache.hit_key_memo_entries")
    }

    mutating func readHitPath(from source: ConfigSource) throws(ConfigurationError) {
        var hitPath = HitPathSettings()
        let mode = try source.choice(
            HitPathKeys.rateLimitMode,
            default: HitPathSettings.RateLimitMode.exact.rawValue,
            choices: HitPathSettings.RateLimitMode.allCases.map(\.rawValue)
        )
        hitPath.rateLimitMode = HitPathSettings.RateLimitMode(rawValue: mode) ?? .exact
        hitPath.leases = RateLeases.Settings(
            lifetime: .milliseconds(try source.int(HitPathKeys.leaseLifetime, default: 1000, range: 50...60_000)),
            maximumSlice: try source.int(HitPathKeys.leaseMaxSlice, default: 256, range: 1...100_000)
        )
        hitPath.hotMaxBytes = try source.int(HitPathKeys.hotMaxBytes, default: 64 << 20, range: 0...(16 << 30))
        hitPath.hotMaxStaleMilliseconds = Int64(try source.int(HitPathKeys.hotMaxStale, default: 1000, range: 10...60_000))
        hitPath.maxEventLoopBodyBytes = try source.int(HitPathKeys.eventLoopBody, default: 16 << 10, range: 0...(1 << 20))
        hitPath.keyMemoCapacity = try source.int(HitPathKeys.keyMemoEntries, default: 10_000, range: 2...1_000_000)
        self.hitPath = hitPath
    }
}
