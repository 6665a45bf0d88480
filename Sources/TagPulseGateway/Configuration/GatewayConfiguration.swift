import TagPulseAccess
import TagPulseRedis
import TagPulseTelemetry
import TagPulseTracing

/// Everything the gateway process is configured with, read once at start-up by
/// ``init(source:)`` (in `GatewayConfiguration+ConfigSource.swift`, which documents every key).
public struct GatewayConfiguration: Sendable {
    public var httpHost: String
    public var httpPort: Int
    /// Request bodies above this are refused with 413 (before reading them when `Content-Length` says so).
    public var maxBodyBytes: Int
    /// Keep-alive connections idle this long are closed.
    public var idleTimeout: Duration
    public var engine: EngineClientConfiguration
    /// The control Redis (keys, limits, locks); `/readyz` requires it to answer.
    public var redis: RedisConfiguration
    /// The full-scope key from configuration; works without the key store.
    public var bootstrapKey: String?
    /// The bootstrap key's rate-limit tier.
    public var bootstrapTier: String = "internal"
    /// Tier of keys created without one, and of keys whose tier was removed from configuration.
    public var defaultTier: String = "free"
    /// Prefix of every Redis key and channel (`tp:`); several deployments can share one Redis with their own.
    public var keyPrefix: String = "tp:"
    public var rateLimit = RateLimitSettings()
    public var keyCache = KeyAuthenticator.Settings()
    /// The response cache.
    public var cache = CacheSettings()
    /// How hits are served: hot cache, rate-limit mode, event-loop limits.
    public var hitPath = HitPathSettings()
    /// A separate Redis for cache entries (`cache.redis_url`); nil: entries live on the control Redis.
    public var cacheRedis: RedisConfiguration?
    /// Cache warm-up jobs (`POST /v1/admin/warm`).
    public var warm = WarmSettings()
    /// Usage counting per client (`usage.*`).
    public var usage = UsageSettings()
    /// This instance's name in the fleet registry (defaults to host name, process id and a random suffix).
    public var instanceID: String?
    /// Edge protection (`Edge/`): whose `X-Forwarded-For` counts, CORS, the in-flight cap, request-head limits.
    public var trustedProxies: TrustedProxies = .none
    public var cors: CORSPolicy = .disabled
    public var maxInFlight: Int = 1024
    /// Requests one client may have in progress on this instance; nil: a quarter of ``maxInFlight`` (at least 1).
    public var maxInFlightPerClient: Int?
    /// From a request's head to the end of its body.
    public var bodyTimeout: Duration = .seconds(10)
    public var headerTimeout: Duration = .seconds(10)
    /// How long the hit front holds a request split across reads for its rest (decision 0006).
    public var splitRequestWait: Duration = Duration(HitFrontHandler.defaultSplitWait)
    public var maxHeaderCount: Int = 100
    /// Event loop threads serving connections (and Redis); nil: one per core (`http.event_loops`).
    public var eventLoops: Int?
    public var maxHeaderBytes: Int = 16 * 1024
    /// The admin listener serving `/metrics`.
    public var metrics = MetricsSettings()
    /// Span export to an OpenTelemetry collector (`trace.otlp.*`; off by default).
    public var trace = TraceExportSettings()
    /// After SIGTERM: how long readiness fails (and responses close their connections) before the listener closes.
    public var drainDelay: Duration = .seconds(5)
    /// Then: how long in-flight requests get to finish before the process gives up on them.
    public var gracePeriod: Duration = .seconds(20)
    /// How long `/readyz` reuses its checks' results (`readiness.cache_ms`).
    public var readinessCacheMilliseconds: Int64 = 1000
    /// A label `/health` reports as `environment`, as the original did (`environment`, or the original's
    /// `ENVIRONMENT`); nothing else depends on it.
    public var environment: String = "production"

    public init(
        httpHost: String = "127.0.0.1",
        httpPort: Int = 8080,
        maxBodyBytes: Int = 64 * 1024,
        idleTimeout: Duration = .seconds(30),
        engine: EngineClientConfiguration = .init(),
        redis: RedisConfiguration = .init(address: .hostname("127.0.0.1", port: 6379)),
        bootstrapKey: String? = nil
    ) {
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.engine = engine
        self.redis = redis
        self.bootstrapKey = bootstrapKey
    }
}
