import TagPulseWire

extension FinishedSpan {
    /// A request a server answered (semantic conventions for HTTP server spans): named `{method} {route}` (the
    /// route template, never the raw path; the method alone when no route matched), with `http.request.method`,
    /// `http.route`, `http.response.status_code` and `url.scheme`.
    public static func httpServer(
        trace: TraceContext,
        parentSpanID: String?,
        method: String,
        route: String?,
        status: Int,
        scheme: String = "http",
        startUnixNanoseconds: UInt64,
        durationNanoseconds: Int64,
        extra: [Attribute] = []
    ) -> FinishedSpan {
        var attributes: [Attribute] = [
            .init("http.request.method", .string(method)),
            .init("http.response.status_code", .int(Int64(status))),
            .init("url.scheme", .string(scheme)),
        ]
        if let route { attributes.append(.init("http.route", .string(route))) }
        return FinishedSpan(
            trace,
            parentSpanID: parentSpanID,
            name: route.map { "\(method) \($0)" } ?? method,
            kind: .server,
            startUnixNanoseconds: startUnixNanoseconds,
            durationNanoseconds: durationNanoseconds,
            attributes: attributes + extra,
            status: Self.httpStatus(status, kind: .server)
        )
    }

    /// The span `trace` names (its trace id, span id and `tracestate`), child of `parentSpanID`, ending
    /// `durationNanoseconds` after its wall-clock start (a monotonic duration: a clock step cannot end it early).
    public init(
        _ trace: TraceContext,
        parentSpanID: String?,
        name: String,
        kind: Kind,
        startUnixNanoseconds: UInt64,
        durationNanoseconds: Int64,
        attributes: [Attribute],
        status: Status
    ) {
        self.init(
            traceID: trace.traceID,
            spanID: trace.spanID,
            parentSpanID: parentSpanID,
            traceState: trace.state,
            name: name,
            kind: kind,
            startUnixNanoseconds: startUnixNanoseconds,
            endUnixNanoseconds: startUnixNanoseconds &+ UInt64(max(0, durationNanoseconds)),
            attributes: attributes,
            status: status
        )
    }
}
