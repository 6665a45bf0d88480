import TagPulseWire

/// One thing to warm: exactly what `POST /v1/analyze/{kind}` would ask for, validated by the same parser. Stored
/// with its job (`request:<index>`), so another instance can resume a job whose owner died.
public struct WarmItem: Sendable, Hashable, Codable {
    public var kind: AnalysisKind
    public var params: AnalysisParams

    public init(kind: AnalysisKind, params: AnalysisParams) {
        self.kind = kind
        self.params = params
    }
}
