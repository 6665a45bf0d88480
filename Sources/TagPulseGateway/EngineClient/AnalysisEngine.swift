import TagPulseWire

/// What the HTTP layer needs from the engine. ``EngineClient`` is the real one; router tests use an in-memory
/// implementation, so they need no socket.
public protocol AnalysisEngine: Sendable {
    func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult
    func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult
    /// The engine's counters and identity (provider, analyzer, default model: part of every cache key).
    func stats(requestID: String, timeout: Duration) async throws(EngineClientError) -> EngineStats
}

extension EngineClient: AnalysisEngine {
    public func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult {
        try await self.call(.analyze(kind), params: params, requestID: requestID)
    }

    public func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult {
        try await self.call(.ping, params: EmptyParams(), requestID: requestID, timeout: timeout)
    }

    public func stats(requestID: String, timeout: Duration) async throws(EngineClientError) -> EngineStats {
        try await self.call(.stats, params: EmptyParams(), requestID: requestID, timeout: timeout)
    }
}
