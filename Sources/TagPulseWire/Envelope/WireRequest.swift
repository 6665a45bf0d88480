/// A request envelope: `{"v":1,"id":…,"method":…,"request_id":…,"traceparent":…,"tracestate":…,"deadline_ms":…,
/// "max_response_bytes":…,"params":{…}}`. `traceparent` and `tracestate` (W3C Trace Context, ``TraceContext``) are
/// additive: an engine that does not know them ignores them, and one that gets none starts a trace.
public struct WireRequest<Params: Codable & Sendable>: Codable, Sendable {
    /// The protocol version this module speaks.
    public static var currentVersion: Int { 1 }

    public var v: Int
    /// Unique among this connection's requests in flight; the response carries it back.
    public var id: String
    public var method: WireMethod
    /// The HTTP request's `X-Request-ID`, for logs on both sides.
    public var requestID: String?
    /// The sender's W3C `traceparent` (its span is the engine's parent) and `tracestate`.
    public var traceparent: String?
    public var tracestate: String?
    /// Unix epoch milliseconds after which the engine stops and answers `DEADLINE_EXCEEDED`.
    public var deadlineMilliseconds: Int64?
    /// The largest response frame the sender accepts (its frame limit): a larger result is answered
    /// `RESULT_TOO_LARGE` for this id instead. Absent: the engine's own limit.
    public var maxResponseBytes: Int?
    public var params: Params

    public init(
        id: String,
        method: WireMethod,
        requestID: String? = nil,
        trace: TraceContext? = nil,
        deadlineMilliseconds: Int64? = nil,
        maxResponseBytes: Int? = nil,
        params: Params
    ) {
        self.v = Self.currentVersion
        self.id = id
        self.method = method
        self.requestID = requestID
        self.traceparent = trace?.traceparent
        self.tracestate = trace?.state
        self.deadlineMilliseconds = deadlineMilliseconds
        self.maxResponseBytes = maxResponseBytes
        self.params = params
    }

    enum CodingKeys: String, CodingKey {
        case v, id, method, params, traceparent, tracestate
        case requestID = "request_id"
        case deadlineMilliseconds = "deadline_ms"
        case maxResponseBytes = "max_response_bytes"
    }
}

/// The envelope fields of a request, read before its `params`, every one optional so that a frame that is a
/// JSON object but a poor envelope can still be answered with its `id` when it has one.
public struct WireRequestHeader: Decodable, Sendable, Equatable {
    public var v: Int?
    public var id: String?
    public var method: String?
    public var requestID: String?
    public var traceparent: String?
    public var tracestate: String?
    public var deadlineMilliseconds: Int64?
    public var maxResponseBytes: Int?

    /// The sender's trace context, when it sent a valid one.
    public var trace: TraceContext? { TraceContext(traceparent: self.traceparent, tracestate: self.tracestate) }

    enum CodingKeys: String, CodingKey {
        case v, id, method, traceparent, tracestate
        case requestID = "request_id"
        case deadlineMilliseconds = "deadline_ms"
        case maxResponseBytes = "max_response_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.v = try? container.decodeIfPresent(Int.self, forKey: .v)
        self.id = try? container.decodeIfPresent(String.self, forKey: .id)
        self.method = try? container.decodeIfPresent(String.self, forKey: .method)
        self.requestID = try? container.decodeIfPresent(String.self, forKey: .requestID)
        self.traceparent = try? container.decodeIfPresent(String.self, forKey: .traceparent)
        self.tracestate = try? container.decodeIfPresent(String.self, forKey: .tracestate)
        self.deadlineMilliseconds = try? container.decodeIfPresent(Int64.self, forKey: .deadlineMilliseconds)
        self.maxResponseBytes = try? container.decodeIfPresent(Int.self, forKey: .maxResponseBytes)
    }
}

/// No parameters (`ping`, `stats`). Accepts and ignores any object.
public struct EmptyParams: Codable, Sendable, Equatable {
    public init() {}
}

/// `cancel`: the `id` of an in-flight request on the same connection.
public struct CancelParams: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}
