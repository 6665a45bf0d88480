import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TagPulseTelemetry
import TagPulseWire

/// The admin listener (`metrics.host`:`metrics.port`, private): `GET /metrics` in the Prometheus text format — this
/// process's registry followed by its engine's counters, fetched with `stats` (500 ms at most) at each scrape.
public struct MetricsListener: Service {
    let settings: MetricsSettings
    let prometheus: PrometheusMetrics
    let engine: (any AnalysisEngine)?
    let build: BuildInfo
    let logger: Logger
    let onServerRunning: @Sendable (any Channel) async -> Void

    public init(
        settings: MetricsSettings,
        prometheus: PrometheusMetrics,
        engine: (any AnalysisEngine)?,
        build: BuildInfo = BuildInfo(version: GatewayApplication.version),
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.prometheus = prometheus
        self.engine = engine
        self.build = build
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// The `/metrics` body: the registry, the build and process families, then the engine's.
    func scrape() async -> ByteBuffer {
        var buffer = ByteBuffer(bytes: self.prometheus.exposition())
        var own = PrometheusText()
        self.build.render(into: &own)
        ProcessMetrics.current()?.render(into: &own)
        buffer.writeString(own.text)
        if let engine = self.engine {
            let stats = try? await engine.stats(requestID: "metrics-scrape", timeout: .milliseconds(500))
            buffer.writeString(EngineStatsExposition.render(stats))
        }
        return buffer
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: await self.scrape())
            )
        }
        return router
    }

    public func run() async throws {
        let app = Application(
            router: self.makeRouter(),
            configuration: .init(address: .hostname(self.settings.host, port: self.settings.port), serverName: nil),
            onServerRunning: self.onServerRunning,
            logger: self.logger
        )
        try await app.run()
    }
}
