import TagPulseWire

/// What the HTTP layer needs from the engine. ``EngineClient`` is the real one; router tests use an in-memory
/// implementation, so they need no socket.
public protocol AnalysisEngine: Sendable {
    func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult
    func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult
}

extension EngineClient: AnalysisEngine {
    public func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult {
        try await self.call(.analyze(kind), params: params, requestID: requestID)
    }

    public func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult {
        try await self.call(.ping, params: EmptyParams(), requestID: requestID, timeout: timeout)
    }
}
