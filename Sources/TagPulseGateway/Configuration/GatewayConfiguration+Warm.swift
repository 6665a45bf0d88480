import TagPulseSettings

extension GatewayConfiguration {
    /// The warm-up job keys (documented with the others in `GatewayConfiguration+ConfigSource.swift` and the README):
    ///
    /// | key | default | meaning |
    /// |---|---|---|
    /// | `warm.max_items` | 1000 | items per job, 1–10000 |
    /// | `warm.max_concurrency` | 2 | items in flight per job, 1–32; a request's `concurrency` is clamped to it |
    /// | `warm.max_running_jobs` | 2 | jobs worked on at once per instance, 1–16 |
    /// | `warm.max_queued_jobs` | 100 | jobs waiting per instance, 0–10000 |
    /// | `warm.job_ttl_s` | 86400 | how long a job stays readable after its last change, 60–2592000 |
    /// | `warm.item_timeout_ms` | 120000 | one item's deadline (waits for the upstream budget included), 1000–3600000 |
    /// | `warm.max_body_bytes` | 1048576 | largest `POST /v1/admin/warm` body, 1 KiB–8 MiB |
    /// | `warm.heartbeat_ms` | 5000 | how often the owning instance marks each of its jobs alive, 100–60000 |
    /// | `warm.stall_after_ms` | 30000 | an unfinished job not marked alive for this long is reported `stalled`, 1000–3600000 and at least 3 × `warm.heartbeat_ms` |
    enum WarmKeys {
        static let maxItems = ConfigKey("warm.max_items")
        static let maxConcurrency = ConfigKey("warm.max_concurrency")
        static let maxRunningJobs = ConfigKey("warm.max_running_jobs")
        static let maxQueuedJobs = ConfigKey("warm.max_queued_jobs")
        static let jobTTL = ConfigKey("warm.job_ttl_s")
        static let itemTimeout = ConfigKey("warm.item_timeout_ms")
        static let maxBodyBytes = ConfigKey("warm.max_body_bytes")
        static let heartbeat = ConfigKey("warm.heartbeat_ms")
        static let stallAfter = ConfigKey("warm.stall_after_ms")
    }

    mutating func readWarm(from source: ConfigSource) throws(ConfigurationError) {
        var warm = WarmSettings()
        warm.maxItems = try source.int(WarmKeys.maxItems, default: warm.maxItems, range: 1...10_000)
        warm.maxConcurrency = try source.int(WarmKeys.maxConcurrency, default: warm.maxConcurrency, range: 1...32)
        warm.maxRunningJobs = try source.int(WarmKeys.maxRunningJobs, default: warm.maxRunningJobs, range: 1...16)
        warm.maxQueuedJobs = try source.int(WarmKeys.maxQueuedJobs, default: warm.maxQueuedJobs, range: 0...10_000)
        warm.jobTTL = try source.seconds(WarmKeys.jobTTL, default: warm.jobTTL, range: 60...2_592_000)
        warm.itemTimeout = try source.milliseconds(WarmKeys.itemTimeout, default: warm.itemTimeout, range: 1000...3_600_000)
        warm.maxBodyBytes = try source.int(WarmKeys.maxBodyBytes, default: warm.maxBodyBytes, range: 1024...(8 << 20))
        let heartbeat = try source.int(WarmKeys.heartbeat, default: Int(warm.heartbeatInterval / .milliseconds(1)), range: 100...60_000)
        let stallAfter = try source.int(WarmKeys.stallAfter, default: Int(warm.stallAfter / .milliseconds(1)), range: 1000...3_600_000)
        // Every instance reads every job: a job must not look stalled between two heartbeats of a live owner, even
        // with the instances' clocks a little apart.
        guard stallAfter >= 3 * heartbeat else {
            throw ConfigurationError(
                key: source.origin(of: WarmKeys.stallAfter) ?? WarmKeys.stallAfter.environmentName,
                message: "must be at least 3 × warm.heartbeat_ms (\(3 * heartbeat)), got \(stallAfter)"
            )
        }
        warm.heartbeatInterval = .milliseconds(heartbeat)
        warm.stallAfter = .milliseconds(stallAfter)
        self.warm = warm
    }
}
