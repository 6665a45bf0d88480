import TagPulseSettings

extension GatewayConfiguration {
    /// The usage keys (documented with the others in `GatewayConfiguration+ConfigSource.swift` and the README):
    ///
    /// | key | default | meaning |
    /// |---|---|---|
    /// | `usage.enabled` | true | count requests, hits, engine calls and their cost per client and key |
    /// | `usage.flush_interval_ms` | 5000 | how often each instance writes its counts to Redis (one pipelined write), 100–600000 |
    /// | `usage.retention_days` | 90 | days a day's figures are kept after it ends (key expiry), 1–3650 |
    /// | `usage.max_buckets` | 100000 | (client, key, day) entries held in memory between flushes, 100–10000000 |
    enum UsageKeys {
        static let enabled = ConfigKey("usage.enabled")
        static let flushInterval = ConfigKey("usage.flush_interval_ms")
        static let retentionDays = ConfigKey("usage.retention_days")
        static let maxBuckets = ConfigKey("usage.max_buckets")
    }

    mutating func readUsage(from source: ConfigSource) throws(ConfigurationError) {
        var usage = UsageSettings()
        usage.enabled = try source.bool(UsageKeys.enabled, default: usage.enabled)
        usage.flushInterval = try source.milliseconds(UsageKeys.flushInterval, default: usage.flushInterval, range: 100...600_000)
        usage.retentionDays = try source.int(UsageKeys.retentionDays, default: usage.retentionDays, range: 1...3650)
        usage.maxBuckets = try source.int(UsageKeys.maxBuckets, default: usage.maxBuckets, range: 100...10_000_000)
        self.usage = usage
    }
}
