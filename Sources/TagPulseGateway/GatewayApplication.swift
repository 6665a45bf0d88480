import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseRedis
import TagPulseWire

/// Builds the gateway: the router (with its middleware) and the application with the engine client as a service.
/// `tagpulse-gateway` runs the result; tests build the same thing.
public enum GatewayApplication {
    public static let version = "0.1.0"

    /// The router alone, for tests that bring their own engine (and readiness checks; by default the engine's).
    public static func makeRouter(
        configuration: GatewayConfiguration,
        engine: any AnalysisEngine,
        readinessChecks: [any ReadinessCheck]? = nil,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        generateRequestID: @escaping @Sendable () -> String = RequestTracingMiddleware.randomID
    ) -> Router<GatewayRequestContext> {
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
        let analysis = router.group().add(middleware: APIKeyMiddleware(bootstrapKey: configuration.bootstrapKey.map(BootstrapKey.init(secret:))))
        AnalysisController(engine: engine, maxBodyBytes: configuration.maxBodyBytes).addRoutes(to: analysis)
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
        if configuration.bootstrapKey == nil {
            logger.warning("gateway.auth.no_key_configured", metadata: ["hint": "set TAGPULSE_BOOTSTRAP_KEY; every analysis request is refused"])
        }
        let router = Self.makeRouter(
            configuration: configuration,
            engine: engine,
            readinessChecks: [EngineReadiness(engine: engine), RedisReadiness(redis: redis)],
            nowMilliseconds: nowMilliseconds
        )
        return Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: nil),
            services: [redis, engine],
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
