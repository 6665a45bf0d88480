import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseAccess
import TagPulseRedis
import TagPulseWire

/// Builds the gateway: the router (with its middleware) and the application with the engine client, the Redis
/// client, the key-change listener and the fleet registry as services. `tagpulse-gateway` runs the result; tests
/// build the same thing.
public enum GatewayApplication {
    public static let version = "0.1.0"

    /// The router alone, for tests that bring their own engine (and readiness checks; by default the engine's) and
    /// access layer (by default the bootstrap key alone, no limits).
    public static func makeRouter(
        configuration: GatewayConfiguration,
        engine: any AnalysisEngine,
        access: GatewayAccess? = nil,
        readinessChecks: [any ReadinessCheck]? = nil,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        generateRequestID: @escaping @Sendable () -> String = RequestTracingMiddleware.randomID
    ) -> Router<GatewayRequestContext> {
        let access = access ?? .bootstrapOnly(configuration.bootstrapKey, nowMilliseconds: nowMilliseconds)
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestTracingMiddleware(generateID: generateRequestID))
        router.add(middleware: CORSMiddleware(policy: configuration.cors))
        router.add(middleware: ProblemMiddleware(maxBodyBytes: configuration.maxBodyBytes))
        router.add(middleware: ClientAddressMiddleware(resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
        router.add(middleware: LoadShedMiddleware(maxInFlight: configuration.maxInFlight))
        HealthController(
            checks: readinessChecks ?? [EngineReadiness(engine: engine)],
            version: Self.version,
            nowMilliseconds: nowMilliseconds
        ).addRoutes(to: router)
        let analysis = router.group()
            .add(middleware: APIKeyMiddleware(access: access, scope: .analyze))
            .add(middleware: RateLimitMiddleware(access: access))
        AnalysisController(engine: engine, access: access, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: analysis)
        let admin = router.group()
            .add(middleware: APIKeyMiddleware(access: access, scope: .admin))
            .add(middleware: RateLimitMiddleware(access: access))
        AdminKeysController(access: access, maxBodyBytes: configuration.maxBodyBytes, nowMilliseconds: nowMilliseconds).addRoutes(to: admin)
        return router
    }

    /// The whole gateway as one service (the engine and Redis clients run inside it, stopping after the HTTP server
    /// drains).
    public static func makeApplication(
        configuration: GatewayConfiguration,
        logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws(RedisClientError) -> some ApplicationProtocol {
        let engine = EngineClient(configuration: configuration.engine, logger: logger, nowMilliseconds: nowMilliseconds)
        let redis = try RedisClient(configuration: configuration.redis, logger: logger)
        let keyspace = RedisKeyspace(prefix: configuration.keyPrefix)
        let registry = InstanceRegistry(
            instanceID: configuration.instanceID ?? Self.defaultInstanceID(),
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
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: store, defaultTier: configuration.defaultTier)
        let router = Self.makeRouter(
            configuration: configuration,
            engine: engine,
            access: access,
            readinessChecks: [EngineReadiness(engine: engine), RedisReadiness(redis: redis)],
            nowMilliseconds: nowMilliseconds
        )
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: nil),
            services: [redis, engine, authenticator, registry],
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    /// `<host>-<pid>-<random>`: unique per process, readable in `ZRANGE tp:gw:instances`.
    static func defaultInstanceID() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }
}
