/// How the gateway counts usage per client (read from configuration: `GatewayConfiguration+Usage.swift`).
public struct UsageSettings: Sendable {
    /// Count at all (`usage.enabled`); off: no counting, no flushes, and `GET /v1/admin/usage` still reads what is stored.
    public var enabled = true
    /// How often counts go to Redis (`usage.flush_interval_ms`).
    public var flushInterval: Duration = .seconds(5)
    /// How long a day's figures are kept after the day ends (`usage.retention_days`).
    public var retentionDays = 90
    /// Most (client, key, day) entries held in memory between flushes (`usage.max_buckets`); past it, changes for new
    /// entries are dropped and counted in `tagpulse_usage_dropped_total`.
    public var maxBuckets = 100_000

    public init() {}
}
