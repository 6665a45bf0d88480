import TagPulseTracing
import TagPulseWire

extension EngineDispatcher {
    /// An analysis's server span: the ids the engine logged (`span.id`, `span.parent_id`: the gateway's call), named
    /// after the wire method, with the analysis kind and, on failure, the stable error code as `error.type`.
    static func span(
        _ trace: TraceContext,
        parent: TraceContext?,
        kind: AnalysisKind,
        outcome: Result<AnalysisResult, WireError>,
        startUnixNanoseconds: UInt64,
        elapsed: Duration
    ) -> FinishedSpan {
        let method = WireMethod.analyze(kind).rawValue
        var attributes: [FinishedSpan.Attribute] = [
            .init("rpc.system", .string("tagpulse")),
            .init("rpc.method", .string(method)),
            .init("tagpulse.analysis.kind", .string(kind.rawValue)),
        ]
        var status = FinishedSpan.Status.unset
        if case .failure(let error) = outcome {
            attributes.append(.init("error.type", .string(error.code.rawValue)))
            status = .error
        }
        return FinishedSpan(
            trace,
            parentSpanID: parent?.spanID,
            name: method,
            kind: .server,
            startUnixNanoseconds: startUnixNanoseconds,
            durationNanoseconds: elapsed.nanoseconds,
            attributes: attributes,
            status: status
        )
    }
}
