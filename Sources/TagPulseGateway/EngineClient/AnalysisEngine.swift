import Foundation
import NIOCore
import NIOFoundationCompat
import TagPulseWire

/// What the HTTP layer needs from the engine. ``EngineClient`` is the real one; router tests use an in-memory
/// implementation, so they need no socket.
public protocol AnalysisEngine: Sendable {
    func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult
    /// The same analysis as the JSON object the engine wrote, not decoded: what the cache stores and serves, so fields
    /// this gateway does not know pass through.
    func analyzeEncoded(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> ByteBuffer
    func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult
    /// The engine's counters and identity (provider, analyzer, default model: part of every cache key).
    func stats(requestID: String, timeout: Duration) async throws(EngineClientError) -> EngineStats
}

extension AnalysisEngine {
    /// Encodes ``analyze(_:params:requestID:)``'s result (engines without a wire of their own: tests).
    public func analyzeEncoded(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> ByteBuffer {
        let result = try await self.analyze(kind, params: params, requestID: requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        do {
            return try encoder.encodeAsByteBuffer(result, allocator: ByteBufferAllocator())
        } catch {
            throw EngineClientError(.protocolViolation("the result could not be encoded"))
        }
    }
}

extension EngineClient: AnalysisEngine {
    public func analyzeEncoded(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> ByteBuffer {
        try await self.callEncoded(.analyze(kind), params: params, requestID: requestID)
    }

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
