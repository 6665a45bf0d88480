import TagPulseWire

/// One thing to warm: exactly what `POST /v1/analyze/{kind}` would ask for, validated by the same parser.
public struct WarmItem: Sendable, Hashable {
    public var kind: AnalysisKind
    public var params: AnalysisParams

    public init(kind: AnalysisKind, params: AnalysisParams) {
        self.kind = kind
        self.params = params
    }
}
