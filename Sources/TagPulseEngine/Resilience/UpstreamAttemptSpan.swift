import TagPulseHTTPClient
import TagPulseTracing
import TagPulseWire

/// One upstream attempt as a client span (HTTP client semantic conventions): the `traceparent` it sent names it;
/// named after the method, with `http.request.method`, `server.address`, `server.port`, `peer.service` (the upstream's
/// name) and `http.response.status_code`, or `error.type` when no answer came.
struct UpstreamAttemptSpan {
    let recorder: SpanRecorder
    let span: TraceContext
    let parentSpanID: String
    let upstream: String
    let method: String
    let url: String
    let startedUnix = SpanClock.nowUnixNanoseconds()
    let started = ContinuousClock.now

    init(recorder: SpanRecorder, span: TraceContext, parentSpanID: String, upstream: String, request: UpstreamHTTPRequest) {
        self.recorder = recorder
        self.span = span
        self.parentSpanID = parentSpanID
        self.upstream = upstream
        self.method = request.method.rawValue
        self.url = request.url
    }

    func finish(status: Int?, error: String?) {
        var attributes: [FinishedSpan.Attribute] = [
            .init("http.request.method", .string(self.method)),
            .init("peer.service", .string(self.upstream)),
        ]
        let (host, port) = Self.hostAndPort(of: self.url)
        if let host { attributes.append(.init("server.address", .string(host))) }
        if let port { attributes.append(.init("server.port", .int(Int64(port)))) }
        if let status { attributes.append(.init("http.response.status_code", .int(Int64(status)))) }
        if let error { attributes.append(.init("error.type", .string(error))) }
        self.recorder.record(
            FinishedSpan(
                self.span,
                parentSpanID: self.parentSpanID,
                name: self.method,
                kind: .client,
                startUnixNanoseconds: self.startedUnix,
                durationNanoseconds: (ContinuousClock.now - self.started).nanoseconds,
                attributes: attributes,
                status: status.map { FinishedSpan.httpStatus($0, kind: .client) } ?? .error
            )
        )
    }

    /// `https://host:8443/path` → (`host`, 8443); the scheme's port when none is written.
    static func hostAndPort(of url: String) -> (String?, Int?) {
        guard let schemeEnd = url.range(of: "://") else { return (nil, nil) }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let rest = hostPort[hostPort.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : Self.defaultPort(scheme))
        }
        let parts = hostPort.split(separator: ":", maxSplits: 1)
        guard let host = parts.first, !host.isEmpty else { return (nil, nil) }
        return (String(host), parts.count == 2 ? Int(parts[1]) : Self.defaultPort(scheme))
    }

    static func defaultPort(_ scheme: String) -> Int? {
        scheme == "https" ? 443 : scheme == "http" ? 80 : nil
    }
}
