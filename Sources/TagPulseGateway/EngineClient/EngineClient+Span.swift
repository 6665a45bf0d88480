import NIOCore
import TagPulseTracing
import TagPulseWire

extension EngineClient {
    /// Sends the request under the current trace. With span export on and the trace sampled, the call is a client
    /// span of its own (`engine <method>`, a child of the request's span): the envelope's `traceparent` names it, so
    /// the engine's span is its child; it is recorded when the answer (or the failure, with its code) is in.
    func perform<Params: Codable & Sendable>(
        _ method: WireMethod,
        params: Params,
        requestID: String?,
        timeout: Duration?
    ) async throws(EngineClientError) -> ByteBuffer {
        guard let spans = self.spans, let parent = TraceContext.current, parent.isSampled else {
            return try await self.perform(method, params: params, requestID: requestID, timeout: timeout, trace: TraceContext.current)
        }
        let call = parent.child()
        let startedUnix = SpanClock.nowUnixNanoseconds()
        let started = ContinuousClock.now
        var errorCode: String?
        defer {
            var attributes: [FinishedSpan.Attribute] = [.init("rpc.system", .string("tagpulse")), .init("rpc.method", .string(method.rawValue))]
            if let errorCode { attributes.append(.init("error.type", .string(errorCode))) }
            spans.record(
                FinishedSpan(
                    call,
                    parentSpanID: parent.spanID,
                    name: "engine \(method.rawValue)",
                    kind: .client,
                    startUnixNanoseconds: startedUnix,
                    durationNanoseconds: (ContinuousClock.now - started).nanoseconds,
                    attributes: attributes,
                    status: errorCode == nil ? .unset : .error
                )
            )
        }
        do {
            return try await self.perform(method, params: params, requestID: requestID, timeout: timeout, trace: call)
        } catch {
            errorCode = APIError(error).code.rawValue
            throw error
        }
    }
}
