/// How the gateway runs cache warm-up jobs (read from configuration: `GatewayConfiguration+Warm.swift`).
public struct WarmSettings: Sendable {
    /// Most items one job may hold (`warm.max_items`).
    public var maxItems: Int = 1000
    /// Items in flight at once per job (`warm.max_concurrency`); a request's `concurrency` is clamped to it.
    public var maxConcurrency: Int = 2
    /// Jobs one instance works on at once (`warm.max_running_jobs`); later jobs wait `queued`.
    public var maxRunningJobs: Int = 2
    /// Jobs one instance holds waiting (`warm.max_queued_jobs`); more: 503 `WARM_QUEUE_FULL`.
    public var maxQueuedJobs: Int = 100
    /// How long a job's state stays readable after its last change (`warm.job_ttl_s`).
    public var jobTTL: Duration = .seconds(86_400)
    /// One item's deadline, waits for the upstream budget included (`warm.item_timeout_ms`).
    public var itemTimeout: Duration = .seconds(120)
    /// Largest `POST /v1/admin/warm` body (`warm.max_body_bytes`): a job is bigger than one analysis request.
    public var maxBodyBytes: Int = 1 << 20
    /// How often the owning instance writes its heartbeat into each of its jobs (`warm.heartbeat_ms`).
    public var heartbeatInterval: Duration = .seconds(5)
    /// A job whose heartbeat is older than this, unfinished, is reported `stalled` (`warm.stall_after_ms`).
    public var stallAfter: Duration = .seconds(30)

    public init() {}
}
