/// One dependency `/readyz` asks about. The gateway is ready only when every check passes within its timeout.
public protocol ReadinessCheck: Sendable {
    /// `engine`, `redis`: shown in the readiness body (no addresses or configuration).
    var name: String { get }
    func isReady(requestID: String) async -> Bool
}

/// The engine answers a `ping`.
struct EngineReadiness: ReadinessCheck {
    let engine: any AnalysisEngine
    var name: String { "engine" }

    func isReady(requestID: String) async -> Bool {
        (try? await self.engine.ping(requestID: requestID, timeout: .milliseconds(300))) != nil
    }
}
