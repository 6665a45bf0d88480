import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseWire

/// Liveness and readiness for load balancers and orchestrators, plus the original's `/health` and `/`.
struct HealthController {
    typealias Context = GatewayRequestContext

    let readiness: ReadinessCache
    /// Checks the instance can serve without, by the degraded modes they leave in force (`redis` →
    /// `ratelimit=local`, `auth=cached-keys` when `ratelimit.degraded_mode` is not `fail_closed`).
    let degradable: [String: [String]]
    /// Whether every check has passed once: until then a degradable failure still blocks (``ReadinessHistory``).
    let history = ReadinessHistory()
    let version: String
    /// `environment` (the original's `ENVIRONMENT`), echoed by `/health`.
    let environment: String
    let nowMilliseconds: @Sendable () -> Int64
    var drain: DrainState?
    var metrics: GatewayMetrics?

    init(
        checks: [any ReadinessCheck],
        degradable: [String: [String]] = [:],
        cacheMilliseconds: Int64 = 1000,
        version: String,
        environment: String = GatewayConfiguration().environment,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        drain: DrainState? = nil,
        metrics: GatewayMetrics? = nil
    ) {
        self.readiness = ReadinessCache(checks: checks, ttlMilliseconds: cacheMilliseconds, nowMilliseconds: nowMilliseconds)
        self.degradable = degradable
        self.version = version
        self.environment = environment
        self.nowMilliseconds = nowMilliseconds
        self.drain = drain
        self.metrics = metrics
    }

    func addRoutes(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { request, context in
            let strict = request.uri.queryParameters.get("strict").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false
            return try await self.readiness(strict: strict, context: context)
        }
        router.get("/health") { _, _ in
            let body = Self.health(version: self.version, environment: self.environment, unixMilliseconds: self.nowMilliseconds())
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: Self.index(self.version))))
        }
    }

    /// 200 when every dependency (the engine's `ping`, Redis's `PING`) answered within 300 ms, checked concurrently
    /// at most once per `readiness.cache_ms`; also 200, `"status":"degraded"` naming the degraded modes in force,
    /// when only dependencies the configured degraded modes can do without failed (unless `strict`), once every
    /// check has passed since start (a starting instance that never reached Redis is not ready). Else 503
    /// `NOT_READY` with `Retry-After`, naming the failing dependency, never its address or configuration. 503
    /// `DRAINING` from SIGTERM on, whatever the dependencies say.
    func readiness(strict: Bool, context: Context) async throws -> Response {
        if self.drain?.isDraining == true {
            self.metrics?.ready.record(0)
            throw APIError(
                status: .serviceUnavailable,
                code: .draining,
                title: "Draining",
                detail: "this instance is shutting down; send new requests to another one",
                retryAfterSeconds: 1
            )
        }
        let results = await self.readiness.results(requestID: context.requestID)
        let failing = results.filter { !$0.value }.map(\.key).sorted()
        if failing.isEmpty { self.history.notePassed() }
        let tolerating = !strict && self.history.hasPassed
        let blocking = tolerating ? failing.filter { self.degradable[$0] == nil } : failing
        self.metrics?.ready.record(blocking.isEmpty ? 1 : 0)
        guard blocking.isEmpty else {
            throw APIError(
                status: .serviceUnavailable,
                code: .notReady,
                title: "Not ready",
                detail: "not reachable: \(failing.joined(separator: ", "))",
                retryAfterSeconds: 1
            )
        }
        let checks = results.keys.sorted().map { #""\#($0)":"\#(results[$0] == true ? "ok" : "unreachable")""# }.joined(separator: ",")
        let body: String
        if failing.isEmpty {
            body = #"{"status":"ready","checks":{\#(checks)}}"#
        } else {
            let modes = failing.flatMap { self.degradable[$0] ?? [] }.map { #""\#($0)""# }.joined(separator: ",")
            body = #"{"status":"degraded","checks":{\#(checks)},"degraded":[\#(modes)]}"#
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// What the gateway can serve without, under `configuration`'s degraded modes: Redis, unless rate limiting is
    /// `fail_closed` (decisions then come from the `local` or `fail_open` mode, and keys cached on the instance keep
    /// working for `auth.stale_ttl_ms`). The engine is never optional: misses need it.
    static func degradable(_ configuration: GatewayConfiguration) -> [String: [String]] {
        switch configuration.rateLimit.degradedMode {
        case .failClosed: [:]
        case .local: ["redis": ["ratelimit=local", "auth=cached-keys"]]
        case .failOpen: ["redis": ["ratelimit=fail-open", "auth=cached-keys"]]
        }
    }

    /// The original's health document: `timestamp` in seconds since the epoch as a JSON number (its `time.time()`),
    /// with milliseconds, and `environment`.
    static func health(version: String, environment: String, unixMilliseconds: Int64) -> String {
        let fraction = String(unixMilliseconds % 1000)
        let seconds = "\(unixMilliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        return
            #"{"status":"healthy","api_name":"TagPulse","version":"\#(version)","timestamp":\#(seconds),"environment":"\#(environment)"}"#
    }

    static func index(_ version: String) -> String {
        let endpoints = [
            "/v1/analyze/hashtag", "/v1/analyze/account", "/v1/analyze/search",
            "/analyze-tiktok-hashtags", "/analyze-tiktok-accounts", "/analyze-tiktok-search",
            "/healthz", "/readyz", "/health", "/docs", "/openapi.json",
        ]
        let list = endpoints.map { "\"\($0)\"" }.joined(separator: ",")
        return
            #"{"api_name":"TagPulse","version":"\#(version)","description":"TikTok hashtag, account and search comment analysis","endpoints":[\#(list)],"documentation":{"interactive_docs":"/docs","openapi":"/openapi.json"}}"#
    }
}
