import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import TagPulseTracing
import TagPulseWire

/// The outermost middleware: gives every request its id (the client's `X-Request-ID` when well-formed —
/// 1–128 characters of `A–Z a–z 0–9 . _ : -` — else a generated one), puts it on the logger, adds it and the
/// security headers to every response, writes one access log line per request (`request.completed`: id, route
/// template, status, duration, cache status, key id and client address — never the key) and counts it in
/// `tagpulse_http_requests_total` / `tagpulse_http_request_duration_seconds` by route template. With span export on
/// (`trace.otlp.endpoint`), a sampled request's server span goes to the ``SpanRecorder`` with the ids it logged.
public struct RequestTracingMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    static let requestIDHeader = HTTPField.Name("X-Request-ID")!
    static let cacheStatusHeader = HTTPField.Name("Cache-Status")!

    let generateID: @Sendable () -> String
    let metrics: GatewayMetrics?
    /// nil: span export is off.
    let spans: SpanRecorder?

    public init(generateID: @escaping @Sendable () -> String, metrics: GatewayMetrics? = nil, spans: SpanRecorder? = nil) {
        self.generateID = generateID
        self.metrics = metrics
        self.spans = spans
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let requestID = request.headers[Self.requestIDHeader].flatMap { Self.isWellFormed($0) ? $0 : nil } ?? self.generateID()
        context.requestID = requestID
        context.logger[metadataKey: "request.id"] = .string(requestID)
        let (trace, parentSpanID) = Self.trace(for: request.headers, logger: &context.logger, spans: self.spans)
        let startedUnix = self.spans == nil ? 0 : SpanClock.nowUnixNanoseconds()
        self.metrics?.inFlight.increment()
        defer { self.metrics?.inFlight.decrement() }
        // The engine client reads it to send the trace on (`traceparent` in the request envelope).
        var response = try await TraceContext.$current.withValue(trace) { try await next(request, context) }
        response.headers[Self.requestIDHeader] = requestID
        response.headers[Self.traceparentHeader] = trace.traceparent
        if let state = trace.state { response.headers[Self.tracestateHeader] = state }
        Self.addSecurityHeaders(to: &response.headers)
        let elapsed = (ContinuousClock.now - started).nanoseconds
        let route = context.endpointPath ?? "unmatched"
        self.metrics?.request(route: route, method: request.method.rawValue, status: Int(response.status.code), nanoseconds: elapsed)
        if let spans = self.spans, trace.isSampled {
            spans.record(
                .httpServer(
                    trace: trace,
                    parentSpanID: parentSpanID,
                    method: request.method.rawValue,
                    // A template starts with `/`; Hummingbird names an unmatched request's endpoint `NotFound`.
                    route: context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil },
                    status: Int(response.status.code),
                    startUnixNanoseconds: startedUnix,
                    durationNanoseconds: elapsed
                )
            )
        }
        var metadata: Logger.Metadata = [
            "http.method": "\(request.method.rawValue)",
            "http.route": "\(route)",
            "http.status": .stringConvertible(Int(response.status.code)),
            "cache.status": "\(response.headers[Self.cacheStatusHeader] ?? "-")",
            "duration_ms": .stringConvertible(Self.milliseconds(elapsed)),
        ]
        if let agent = request.headers[.userAgent] { metadata["user_agent.original"] = .string(String(agent.prefix(256))) }
        if let bytes = response.body.contentLength { metadata["http.response.body.size"] = .stringConvertible(bytes) }
        if let keyID = context.trace.keyID { metadata["apikey.id"] = .string(keyID) }
        if let address = context.trace.clientAddress { metadata["client.address"] = .string(address) }
        context.logger.info("request.completed", metadata: metadata)
        return response
    }

    /// Nanoseconds as milliseconds with three decimals (microseconds), the unit both processes log durations in.
    public static func milliseconds(_ nanoseconds: Int64) -> Double {
        (Double(nanoseconds) / 1e3).rounded() / 1e3
    }

    static let traceparentHeader = HTTPField.Name("traceparent")!
    static let tracestateHeader = HTTPField.Name("tracestate")!

    /// This request's span (W3C Trace Context): a child of the client's or the load balancer's `traceparent` when it
    /// is valid (its `tracestate` kept), else a new trace; `trace.id`, `span.id` (and `span.parent_id`) go on the
    /// logger.
    static func trace(for headers: HTTPFields, logger: inout Logger, spans: SpanRecorder? = nil) -> (trace: TraceContext, parentSpanID: String?) {
        let (trace, parent) = Self.trace(for: headers, spans: spans)
        logger[metadataKey: "trace.id"] = .string(trace.traceID)
        logger[metadataKey: "span.id"] = .string(trace.spanID)
        if let parent { logger[metadataKey: "span.parent_id"] = .string(parent) }
        return (trace, parent)
    }

    /// This request's span and its parent span's id (nil: a new trace, sampled by `spans`' ratio when export is on).
    static func trace(for headers: HTTPFields, spans: SpanRecorder? = nil) -> (trace: TraceContext, parentSpanID: String?) {
        let states = headers[values: Self.tracestateHeader]
        return Self.trace(
            traceparent: headers[Self.traceparentHeader],
            tracestate: states.isEmpty ? nil : states.joined(separator: ","),
            spans: spans
        )
    }

    /// The same from the two fields' values (`tracestate`: its entries joined with commas).
    static func trace(traceparent: String?, tracestate: String?, spans: SpanRecorder? = nil) -> (trace: TraceContext, parentSpanID: String?) {
        let incoming = traceparent.flatMap { TraceContext(traceparent: $0, tracestate: tracestate) }
        return (incoming?.child() ?? spans?.startTrace() ?? TraceContext.start(), incoming?.spanID)
    }

    static func isWellFormed(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    static func addSecurityHeaders(to headers: inout HTTPFields, cacheControl: Bool = true) {
        headers[.xContentTypeOptions] = "nosniff"
        headers[Self.frameOptions] = "DENY"
        headers[Self.referrerPolicy] = "no-referrer"
        // A page that needs its own (GET /docs: inline style and script by hash) sets it; everything else gets none.
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'" }
        if cacheControl, headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }

    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// 32 lower-case hex characters, unique in this process and unpredictable across processes: a per-process seed
    /// from the system's secure random source and a counter, mixed (SplitMix64). Request ids name requests in logs;
    /// they are not secrets, so no system call per request (the hit path makes tens of thousands a second).
    public static func randomID() -> String {
        let words = Self.randomIDWords()
        return HexDigits.string(words.0, words.1)
    }

    /// The two words of the next ``randomID()``, for a writer that spells them itself (``HitRequestID``).
    static func randomIDWords() -> (UInt64, UInt64) {
        let count = Self.idCounter.wrappingAdd(1, ordering: .relaxed).oldValue
        return (Self.mix(Self.idSeeds.0 &+ count), Self.mix(Self.idSeeds.1 ^ count))
    }

    private static let idSeeds: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let idCounter = Atomic<UInt64>(0)

    /// SplitMix64's finaliser: a bijection of 64-bit words, so distinct counters give distinct ids.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
