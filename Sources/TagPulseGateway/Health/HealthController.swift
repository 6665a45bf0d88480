import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseWire

/// Liveness and readiness for load balancers and orchestrators, plus the original's `/health` and `/`.
struct HealthController {
    typealias Context = GatewayRequestContext

    let checks: [any ReadinessCheck]
    let version: String
    let nowMilliseconds: @Sendable () -> Int64
    var drain: DrainState?
    var metrics: GatewayMetrics?

    func addRoutes(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, context in
            try await self.readiness(context: context)
        }
        router.get("/health") { _, _ in
            let body =
                #"{"status":"healthy","api_name":"TagPulse","version":"\#(self.version)","timestamp":"\#(RFC3339.string(fromUnixMilliseconds: self.nowMilliseconds()))"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: Self.index(self.version))))
        }
    }

    /// 200 when every dependency (the engine's `ping`, Redis's `PING`) answers within 300 ms, checked concurrently;
    /// else 503 with `Retry-After`. Names the failing dependency, never its address or configuration. 503
    /// `DRAINING` from SIGTERM on, whatever the dependencies say.
    func readiness(context: Context) async throws -> Response {
        if self.drain?.isDraining == true {
            self.metrics?.ready.record(0)
            throw APIError(
                status: .serviceUnavailable,
                code: "DRAINING",
                title: "Draining",
                detail: "this instance is shutting down; send new requests to another one",
                retryAfterSeconds: 1
            )
        }
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for check in self.checks {
                group.addTask { (check.name, await check.isReady(requestID: context.requestID)) }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        let failing = results.filter { !$0.value }.map(\.key).sorted()
        self.metrics?.ready.record(failing.isEmpty ? 1 : 0)
        guard failing.isEmpty else {
            throw APIError(
                status: .serviceUnavailable,
                code: "NOT_READY",
                title: "Not ready",
                detail: "not reachable: \(failing.joined(separator: ", "))",
                retryAfterSeconds: 1
            )
        }
        let checks = results.keys.sorted().map { #""\#($0)":"ok""# }.joined(separator: ",")
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready","checks":{\#(checks)}}"#))
        )
    }

    static func index(_ version: String) -> String {
        let endpoints = [
            "/v1/analyze/hashtag", "/v1/analyze/account", "/v1/analyze/search",
            "/analyze-tiktok-hashtags", "/analyze-tiktok-accounts", "/analyze-tiktok-search",
            "/healthz", "/readyz", "/health", "/openapi.json",
        ]
        let list = endpoints.map { "\"\($0)\"" }.joined(separator: ",")
        return
            #"{"api_name":"TagPulse","version":"\#(version)","description":"TikTok hashtag, account and search comment analysis","endpoints":[\#(list)]}"#
    }
}
