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
            traceID: trace.traceID,
            spanID: trace.spanID,
            parentSpanID: parentSpanID,
            traceState: trace.state,
            name: route.map { "\(method) \($0)" } ?? method,
            kind: .server,
            startUnixNanoseconds: startUnixNanoseconds,
            endUnixNanoseconds: startUnixNanoseconds &+ UInt64(max(0, durationNanoseconds)),
            attributes: attributes + extra,
            status: Self.httpStatus(status, kind: .server)
        )
    }

    /// A call this process made (`span` is the context it sent; `parentSpanID` the span it was made from).
    public static func client(
        _ span: TraceContext,
        parentSpanID: String?,
        name: String,
        startUnixNanoseconds: UInt64,
        durationNanoseconds: Int64,
        attributes: [Attribute],
        status: Status
    ) -> FinishedSpan {
        FinishedSpan(
            traceID: span.traceID,
            spanID: span.spanID,
            parentSpanID: parentSpanID,
            traceState: span.state,
            name: name,
            kind: .client,
            startUnixNanoseconds: startUnixNanoseconds,
            endUnixNanoseconds: startUnixNanoseconds &+ UInt64(max(0, durationNanoseconds)),
            attributes: attributes,
            status: status
        )
    }
}
