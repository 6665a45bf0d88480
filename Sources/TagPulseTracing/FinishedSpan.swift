/// One finished span as OTLP exports it: the ids the request already carries (logged and returned, so the exported
/// ones are the same), a name (a route template or a method, never a raw path), a kind, wall-clock start and end, a
/// few attributes named by the OpenTelemetry semantic conventions, and a status.
public struct FinishedSpan: Sendable, Equatable {
    /// OTLP `SpanKind` (its numbers are the JSON encoding).
    public enum Kind: Int, Sendable {
        case `internal` = 1
        case server = 2
        case client = 3
    }

    /// OTLP `Status.code`.
    public enum Status: Int, Sendable {
        case unset = 0
        case ok = 1
        case error = 2
    }

    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int64)
        case bool(Bool)
    }

    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: Value

        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// 32 lower-case hex digits.
    public var traceID: String
    /// 16 lower-case hex digits.
    public var spanID: String
    /// nil: a root span (the trace started here).
    public var parentSpanID: String?
    /// The W3C `tracestate` the span was part of.
    public var traceState: String?
    public var name: String
    public var kind: Kind
    public var startUnixNanoseconds: UInt64
    public var endUnixNanoseconds: UInt64
    public var attributes: [Attribute]
    public var status: Status

    public init(
        traceID: String,
        spanID: String,
        parentSpanID: String?,
        traceState: String? = nil,
        name: String,
        kind: Kind,
        startUnixNanoseconds: UInt64,
        endUnixNanoseconds: UInt64,
        attributes: [Attribute] = [],
        status: Status = .unset
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.traceState = traceState
        self.name = name
        self.kind = kind
        self.startUnixNanoseconds = startUnixNanoseconds
        self.endUnixNanoseconds = endUnixNanoseconds
        self.attributes = attributes
        self.status = status
    }

    /// The HTTP semantic conventions' status: a server span is an error on 5xx only (a 4xx is the client's), a client
    /// span on any status from 400.
    public static func httpStatus(_ code: Int, kind: Kind) -> Status {
        code >= 500 || (kind == .client && code >= 400) ? .error : .unset
    }
}
