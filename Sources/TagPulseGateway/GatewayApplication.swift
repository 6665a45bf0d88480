import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseAccess
import TagPulseCache
import TagPulseRedis
import TagPulseTelemetry
import TagPulseTracing
import TagPulseWire

/// Builds the gateway: the router (with its middleware) and the application with the engine client, the Redis
/// client, the key-change listener and the fleet registry as services. `tagpulse-gateway` runs the result; tests
/// build the same thing.
public enum GatewayApplication {
    /// Sizes the shared event loop group (`http.event_loops`; nil: one loop per core). Call before anything uses it.
    public static func useEventLoops(_ count: Int?) {
        if let count { NIOSingletons.groupLoopCountSuggestion = count }
    }

    public static let version = "0.1.0"

    /// The router alone, for tests that bring their own engine (and readiness checks; by default the engine's) and
    /// access layer (by default the bootstrap key alone, no limits).
    public static func makeRouter(
        configuration: GatewayConfiguration,
        engine: any AnalysisEngine,
        access: GatewayAccess? = nil,
        cache: AnalysisCache? = nil,
        warm: WarmRunner? = nil,
        readinessChecks: [any ReadinessCheck]? = nil,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        generateRequestID: @escaping @Sendable () -> String = RequestTracingMiddleware.randomID,
        metrics: GatewayMetrics? = nil,
        drain: DrainState? = nil,
        inFlight: InFlightRequests? = nil,
        usage: UsageRecorder? = nil,
        usageStore: UsageStore? = nil,
        spans: SpanRecorder? = nil
    ) -> Router<GatewayRequestContext> {
        let access = access ?? .bootstrapOnly(configuration.bootstrapKey, nowMilliseconds: nowMilliseconds)
        let requests =
            inFlight ?? InFlightRequests(maxInFlight: configuration.maxInFlight, maxPerClient: configuration.effectiveMaxInFlightPerClient)
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestTracingMiddleware(generateID: generateRequestID, metrics: metrics, spans: spans))
        router.add(middleware: CORSMiddleware(policy: configuration.cors))
        router.add(middleware: ProblemMiddleware(maxBodyBytes: configuration.maxBodyBytes))
        router.add(middleware: ClientAddressMiddleware(resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
        router.add(middleware: LoadShedMiddleware(requests: requests))
        HealthController(
            checks: readinessChecks ?? [EngineReadiness(engine: engine)],
            degradable: HealthController.degradable(configuration),
            cacheMilliseconds: configuration.readinessCacheMilliseconds,
            version: Self.version,
            environment: configuration.environment,
            nowMilliseconds: nowMilliseconds,
            drain: drain,
            metrics: metrics
        ).addRoutes(to: router)
        OpenAPIController().addRoutes(to: router)
        APIReferenceController().addRoutes(to: router)
        let inFlight = requests.perClient
        // The analysis routes charge `requests` themselves: with the cache lookup, in one round trip.
        let analysis = router.group().add(middleware: APIKeyMiddleware(access: access, scope: .analyze, inFlight: inFlight))
        if let usage { analysis.add(middleware: UsageMiddleware(recorder: usage, maxBodyBytes: configuration.maxBodyBytes)) }
        AnalysisController(
            engine: engine,
            access: access,
            cache: cache,
            maxBodyBytes: configuration.maxBodyBytes,
            metrics: metrics,
            usage: usage
        )
        .addRoutes(to: analysis)
        let admin = router.group()
            .add(middleware: APIKeyMiddleware(access: access, scope: .admin, inFlight: inFlight))
            .add(middleware: RateLimitMiddleware(access: access))
        AdminKeysController(access: access, maxBodyBytes: configuration.maxBodyBytes, nowMilliseconds: nowMilliseconds).addRoutes(to: admin)
        AdminCacheController(
            store: cache?.store,
            settings: configuration.cache,
            maxBodyBytes: configuration.maxBodyBytes,
            nowMilliseconds: nowMilliseconds
        )
        .addRoutes(to: admin)
        let warmGroup = router.group()
            .add(middleware: APIKeyMiddleware(access: access, anyOf: [.warm, .admin], inFlight: inFlight))
            .add(middleware: RateLimitMiddleware(access: access))
        WarmController(runner: warm, settings: configuration.warm, nowMilliseconds: nowMilliseconds).addRoutes(to: warmGroup)
        let usageGroup = router.group()
            .add(middleware: APIKeyMiddleware(access: access, anyOf: [.usage, .admin], inFlight: inFlight))
            .add(middleware: RateLimitMiddleware(access: access))
        UsageController(store: usageStore, nowMilliseconds: nowMilliseconds).addRoutes(to: usageGroup)
        return router
    }

    /// Everything `tagpulse-gateway` runs, in service-group order: the span exporter (when `trace.otlp.endpoint` is
    /// set; first, so it stops last and sends the spans of the requests that finish while draining), the metrics
    /// listener (when enabled and `prometheus` is given), the application, and the drain gate — last, so it is the first to stop on SIGTERM
    /// (readiness fails and connections close for `shutdown.drain_delay_ms`, then the listener closes and in-flight
    /// requests finish).
    public static func makeServices(
        configuration: GatewayConfiguration,
        logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        prometheus: PrometheusMetrics?,
        drain: DrainState = DrainState(),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws(RedisClientError) -> [any Service] {
        let metrics = GatewayMetrics()
        let spans =
            configuration.trace.enabled
            ? SpanRecorder(capacity: configuration.trace.queueSize, sampleRatio: configuration.trace.sampleRatio) : nil
        let engine = EngineClient(
            configuration: configuration.engine,
            logger: logger,
            nowMilliseconds: nowMilliseconds,
            metrics: metrics,
            spans: spans
        )
        let app = try Self.makeApplication(
            configuration: configuration,
            logger: logger,
            nowMilliseconds: nowMilliseconds,
            engine: engine,
            metrics: metrics,
            drain: drain,
            spans: spans,
            onServerRunning: onServerRunning
        )
        var services: [any Service] = []
        if let spans {
            services.append(
                OTLPExporter(
                    recorder: spans,
                    settings: configuration.trace,
                    serviceName: "tagpulse-gateway",
                    serviceVersion: Self.version,
                    logger: logger
                )
            )
        }
        if configuration.metrics.enabled, let prometheus {
            services.append(
                MetricsListener(
                    settings: configuration.metrics,
                    prometheus: prometheus,
                    engine: engine,
                    build: BuildInfo(version: Self.version, commit: ProcessInfo.processInfo.environment[BuildInfo.commitVariable]),
                    logger: logger
                )
            )
        }
        services.append(app)
        services.append(DrainGate(state: drain, delay: configuration.drainDelay, metrics: metrics, logger: logger))
        return services
    }

    /// The whole gateway as one service (the engine and Redis clients run inside it, stopping after the HTTP server
    /// drains). `warmCounters` counts warm-up items by outcome (for metrics).
    public static func makeApplication(
        configuration: GatewayConfiguration,
        logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        engine: EngineClient? = nil,
        metrics: GatewayMetrics = GatewayMetrics(),
        drain: DrainState? = nil,
        warmCounters: WarmCounters? = nil,
        spans: SpanRecorder? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws(RedisClientError) -> some ApplicationProtocol {
        let engine =
            engine
            ?? EngineClient(configuration: configuration.engine, logger: logger, nowMilliseconds: nowMilliseconds, metrics: metrics, spans: spans)
        let redis = try RedisClient(configuration: configuration.redis, logger: logger, metrics: RedisMetrics(client: "control"))
        let keyspace = GatewayKeyspace(prefix: configuration.keyPrefix).access
        let instanceID = configuration.instanceID ?? Self.defaultInstanceID()
        let registry = InstanceRegistry(
            instanceID: instanceID,
            redis: redis,
            keyspace: keyspace,
            nowMilliseconds: nowMilliseconds,
            logger: logger
        )
        let store = KeyStore(redis: redis, keyspace: keyspace, nowMilliseconds: nowMilliseconds)
        let authenticator = KeyAuthenticator(
            store: store,
            bootstrap: configuration.bootstrapKey.map(BootstrapKey.init(secret:)),
            bootstrapTier: configuration.bootstrapTier,
            settings: configuration.keyCache,
            nowMilliseconds: nowMilliseconds,
            logger: logger
        )
        let limiter = RateLimiter(
            redis: redis,
            keyspace: keyspace,
            settings: configuration.rateLimit,
            liveInstances: { registry.liveInstances },
            localNowMicroseconds: { nowMilliseconds() * 1000 },
            logger: logger
        )
        let leases =
            configuration.hitPath.rateLimitMode == .leased
            ? RateLeases(
                fallback: limiter,
                settings: configuration.hitPath.leases,
                liveInstances: { registry.liveInstances },
                nowMilliseconds: nowMilliseconds,
                logger: logger
            ) : nil
        let access = GatewayAccess(
            authenticator: authenticator,
            limiter: limiter,
            store: store,
            defaultTier: configuration.defaultTier,
            leases: leases,
            coalesced: leases == nil ? CoalescedCharges(limiter: limiter, eventLoops: limiter.eventLoopGroup) : nil
        )
        var services: [any Service] = [redis, engine, authenticator, registry]
        if let leases { services.append(RateLeaseReturner(leases: leases)) }
        // Before the cache's services and the warm-up runner: graceful shutdown stops it after them (and after the
        // HTTP server), so its last flush holds every count, background refreshes' and warm-up items' included.
        let usageStore = UsageStore(
            redis: redis,
            keyspace: keyspace,
            retentionDays: configuration.usage.retentionDays,
            writer: instanceID + "-" + UsageStore.randomWriter()
        )
        let usage =
            configuration.usage.enabled
            ? UsageRecorder(maxBuckets: configuration.usage.maxBuckets, nowMilliseconds: nowMilliseconds) : nil
        if let usage {
            services.append(UsageFlusher(recorder: usage, store: usageStore, interval: configuration.usage.flushInterval, logger: logger))
        }
        var cache: AnalysisCache?
        if configuration.cache.enabled {
            let cacheRedis = try configuration.cacheRedis.map { configuration throws(RedisClientError) in
                try RedisClient(configuration: configuration, logger: logger, metrics: RedisMetrics(client: "cache"))
            }
            if let cacheRedis { services.append(cacheRedis) }
            let parts = Self.makeCache(
                configuration: configuration,
                engine: engine,
                access: access,
                control: redis,
                cacheRedis: cacheRedis,
                nowMilliseconds: nowMilliseconds,
                metrics: metrics,
                usage: usage,
                logger: logger
            )
            cache = parts.cache
            services += parts.services
        }
        // Last, so graceful shutdown stops it first (after the HTTP server), while the cache and engine still run.
        let warm = cache.map { cache in
            WarmRunner(
                cache: cache,
                store: WarmJobStore(redis: redis, keyPrefix: configuration.keyPrefix, ttl: configuration.warm.jobTTL),
                settings: configuration.warm,
                owner: instanceID,
                counters: warmCounters ?? WarmCounters(metrics: metrics),
                nowMilliseconds: nowMilliseconds,
                logger: logger
            )
        }
        if let warm { services.append(warm) }
        var http1 = configuration.http1Channel
        http1.drain = drain
        let inFlight = InFlightRequests(maxInFlight: configuration.maxInFlight, maxPerClient: configuration.effectiveMaxInFlightPerClient)
        if let cache, configuration.cache.eventLoopHits {
            http1.cacheHits = EventLoopHits(
                inFlight: inFlight,
                core: cache.hits,
                identity: cache.identity,
                memo: HitKeyMemo(capacity: configuration.hitPath.keyMemoCapacity),
                metrics: metrics,
                routes: HitRoutes(metrics: metrics),
                logger: logger,
                drawRequestID: RequestTracingMiddleware.randomIDWords,
                usage: usage,
                spans: spans
            )
        }
        let router = Self.makeRouter(
            configuration: configuration,
            engine: engine,
            access: access,
            cache: cache,
            warm: warm,
            readinessChecks: [EngineReadiness(engine: engine), RedisReadiness(redis: redis)],
            nowMilliseconds: nowMilliseconds,
            metrics: metrics,
            drain: drain,
            inFlight: inFlight,
            usage: usage,
            usageStore: usageStore,
            spans: spans
        )
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: http1),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: nil),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    /// The response cache over `control` (leases, marks, notices) and `cacheRedis` (entries; nil: `control`), with
    /// its services (the notice listener and the background refresher).
    public static func makeCache(
        configuration: GatewayConfiguration,
        engine: any AnalysisEngine,
        access: GatewayAccess,
        control: RedisClient,
        cacheRedis: RedisClient?,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        metrics: GatewayMetrics = GatewayMetrics(),
        usage: UsageRecorder? = nil,
        logger: Logger
    ) -> (cache: AnalysisCache, services: [any Service]) {
        let keyspace = GatewayKeyspace(prefix: configuration.keyPrefix).cache
        // One budget, `cache.hot_max_bytes`: seven eighths for the hot cache, an eighth for the inflated bodies of
        // answers served from Redis (``AnalysisCache/bodies``).
        let budget = configuration.hitPath.hotMaxBytes
        let hot = HotCache(capacityBytes: budget - budget / 8)
        let notices = FillNotices(redis: control, keyspace: keyspace, logger: logger, observer: hot.apply)
        let refresher = CacheRefresher(concurrency: configuration.cache.refreshConcurrency, logger: logger)
        let memoryGuard = CacheMemoryGuard(redis: cacheRedis ?? control, logger: logger)
        let store = CacheStore(
            control: control,
            cache: cacheRedis,
            keyspace: keyspace,
            maximumEntryBytes: configuration.cache.maximumEntryBytes,
            memoryGuard: memoryGuard
        )
        var cache = AnalysisCache(
            store: store,
            lease: FillLease(redis: control, keyspace: keyspace),
            notices: notices,
            refresher: refresher,
            identity: EngineIdentity(
                engine: engine,
                redis: control,
                keyPrefix: configuration.keyPrefix,
                nowMilliseconds: nowMilliseconds,
                logger: logger
            ),
            engine: engine,
            access: access,
            settings: configuration.cache,
            requestTimeout: configuration.engine.requestTimeout,
            nowMilliseconds: nowMilliseconds,
            metrics: metrics,
            hits: HitCore(
                access: access,
                store: store,
                hot: hot,
                settings: configuration.hitPath,
                nowMilliseconds: nowMilliseconds,
                eventLoops: control.eventLoopGroup,
                logger: logger
            ),
            bodies: InflatedBodies(capacityBytes: budget / 8)
        )
        cache.usage = usage
        refresher.attach { [cache] job in
            _ = try await cache.fill(
                job.kind,
                params: job.params,
                key: job.key,
                notBefore: Int64.min,
                chargeTo: nil,
                account: .refresh,
                requestID: job.requestID
            )
        }
        return (cache, [notices, refresher, memoryGuard, EngineIdentityRefresher(identity: cache.identity)])
    }

    /// `<host>-<pid>-<random>`: unique per process, readable in `ZRANGE tp:gw:instances`.
    static func defaultInstanceID() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }
}
