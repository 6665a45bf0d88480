import AsyncHTTPClient
import Foundation
import NIOCore
import TagPulseTestSupport
import XCTest

/// Span export (decision 0007): the real gateway and engine, a fake RapidAPI and a fake OpenTelemetry collector
/// (OTLP/HTTP JSON). One request with a client `traceparent`: the spans of both processes reach the collector in
/// one trace, each the child of the one before it, with the ids the response and the log lines carry.
final class TraceExportEndToEndTests: XCTestCase, @unchecked Sendable {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let clientSpan = "00f067aa0ba902b7"
    static let collectorToken = "e2e-collector-token-0123"

    func testBothProcessesExportTheRequestsSpansInOneTrace() async throws {
        try StackProcess.skipUnlessRunnable()
        let collector = FakeOTLPCollector()
        let fake = FakeRapidAPI()
        try await collector.run { collectorURL in
            try await fake.run { base in
                let stack = try StackProcess(extraEnvironment: [
                    "TIKTOK_RAPIDAPI_KEY": fake.key,
                    "TIKTOK_RAPIDAPI_HOST": "fake.rapidapi.host",
                    "TIKTOK_BASE_URL": base,
                    "TAGPULSE_TRACE_OTLP_ENDPOINT": collectorURL,
                    "TAGPULSE_TRACE_OTLP_FLUSH_INTERVAL_MS": "50",
                    "TAGPULSE_TRACE_OTLP_HEADERS": "x-collector-token=\(Self.collectorToken)",
                    // AsyncHTTPClient writes a POST's body apart from its head: the front holds the head for it (1 s,
                    // not 10 ms, so a loaded CI machine cannot make the hit go the other way).
                    "TAGPULSE_HTTP_SPLIT_REQUEST_WAIT_MS": "1000",
                ])
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                do {
                    try stack.startEngine()
                    try stack.startGateway()
                    let first = try await self.analyse(stack, http)
                    XCTAssertEqual(first.status, 200, first.body + "\n" + stack.log("tagpulse-engine"))
                    try await self.checkSpans(of: first.traceparent, collector: collector, fake: fake, stack: stack)
                    // The same request again is a cache hit, answered on the event loop: a server span of its own,
                    // with the id its response carries and its log line has.
                    let second = try await self.analyse(stack, http)
                    XCTAssertEqual(second.status, 200)
                    let hitSpan = try XCTUnwrap(second.traceparent?.split(separator: "-").dropFirst(2).first.map(String.init))
                    let hit = try await self.waitFor(collector) { $0.first { $0.spanID == hitSpan } }
                    XCTAssertEqual(hit.service, "tagpulse-gateway")
                    XCTAssertEqual(hit.traceID, Self.traceID)
                    XCTAssertEqual(hit.parentSpanID, Self.clientSpan)
                    XCTAssertEqual(hit.name, "POST /v1/analyze/hashtag")
                    XCTAssertEqual(hit.attribute("http.response.status_code") as? String, "200")
                    let hitLine = stack.log("tagpulse-gateway").split(separator: "\n").first { $0.contains(#""span.id":"\#(hitSpan)""#) }
                    XCTAssertTrue(hitLine?.contains(#""http.handler":"front""#) ?? false, "answered by the front: \(hitLine ?? "no line")")
                    // Every export is OTLP/HTTP JSON with the configured header, which is never logged.
                    XCTAssertTrue(collector.exports.allSatisfy { $0.contentType == "application/json" })
                    XCTAssertTrue(collector.exports.allSatisfy { $0.headers["x-collector-token"] == Self.collectorToken })
                    XCTAssertFalse(stack.log("tagpulse-gateway").contains(Self.collectorToken))
                    XCTAssertFalse(stack.log("tagpulse-engine").contains(Self.collectorToken))
                } catch {
                    stack.stopAll()
                    try await http.shutdown()
                    throw error
                }
                stack.stopAll()
                try await http.shutdown()
            }
        }
    }

    /// gateway server span → gateway client span (the engine call) → engine server span → upstream client spans.
    func checkSpans(of traceparent: String?, collector: FakeOTLPCollector, fake: FakeRapidAPI, stack: StackProcess) async throws {
        let answered = try XCTUnwrap(traceparent)
        XCTAssertTrue(answered.hasPrefix("00-\(Self.traceID)-") && answered.hasSuffix("-01"), answered)
        let serverSpanID = String(answered.split(separator: "-")[2])
        let upstreamCalls = fake.recorded.count
        XCTAssertGreaterThan(upstreamCalls, 0)
        // The chain, once every span of it has arrived (earlier attempts' spans, e.g. a 503 while the engine was
        // still connecting, share the trace id and are passed over).
        typealias Span = FakeOTLPCollector.Span
        let chain = try await self.waitFor(collector) { (all: [Span]) -> SpanChain? in
            SpanChain(all.filter { $0.traceID == Self.traceID }, serverSpanID: serverSpanID, upstreamCalls: upstreamCalls)
        }
        let (server, call, engine, upstream) = (chain.server, chain.call, chain.engine, chain.upstream)
        XCTAssertEqual(server.service, "tagpulse-gateway")
        XCTAssertEqual(server.kind, 2)
        XCTAssertEqual(server.parentSpanID, Self.clientSpan, "the client's span is the parent")
        XCTAssertEqual(server.name, "POST /v1/analyze/hashtag")
        XCTAssertEqual(server.attribute("http.route") as? String, "/v1/analyze/hashtag")
        XCTAssertEqual(server.attribute("http.request.method") as? String, "POST")
        XCTAssertEqual(server.attribute("http.response.status_code") as? String, "200")
        XCTAssertEqual(server.attribute("url.scheme") as? String, "http")

        XCTAssertEqual(call.name, "engine analyze.hashtag", "the engine call: a client span of the gateway")
        XCTAssertEqual(engine.name, "analyze.hashtag", "the engine's server span: the envelope's traceparent named the call")
        XCTAssertEqual(engine.attribute("tagpulse.analysis.kind") as? String, "hashtag")

        XCTAssertEqual(upstream.count, upstreamCalls, "a span per upstream call")
        XCTAssertTrue(upstream.allSatisfy { $0.attribute("server.address") as? String == "127.0.0.1" })
        XCTAssertTrue(upstream.allSatisfy { $0.attribute("peer.service") as? String == "rapidapi" })
        XCTAssertTrue(upstream.allSatisfy { $0.attribute("http.response.status_code") as? String == "200" })
        let sent = Set(fake.recorded.compactMap { $0.traceparent?.split(separator: "-").dropFirst(2).first.map(String.init) })
        XCTAssertEqual(Set(upstream.compactMap { $0.spanID }), sent, "the ids the upstreams got in traceparent")

        // The log lines carry the same ids.
        let gatewayLog = stack.log("tagpulse-gateway")
        let engineLog = stack.log("tagpulse-engine")
        XCTAssertTrue(gatewayLog.contains(#""span.id":"\#(serverSpanID)""#), gatewayLog)
        XCTAssertTrue(engineLog.contains(#""span.id":"\#(engine.spanID ?? "-")""#), engineLog)
        XCTAssertTrue(engineLog.contains(#""span.parent_id":"\#(call.spanID ?? "-")""#), engineLog)
    }

    func analyse(_ stack: StackProcess, _ http: HTTPClient) async throws -> (status: Int, body: String, traceparent: String?) {
        var request = HTTPClientRequest(url: stack.baseURL + "/v1/analyze/hashtag")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(stack.key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "traceparent", value: "00-\(Self.traceID)-\(Self.clientSpan)-01")
        request.body = .bytes(ByteBuffer(string: #"{"hashtag":"matchalatte","max_posts":3,"ai_analysis_prompt":"Would people buy this?"}"#))
        var last: (Int, String, String?) = (0, "", nil)
        for _ in 0..<100 {  // until the gateway is up and connected
            if let response = try? await http.execute(request, timeout: .seconds(30)) {
                last = (
                    Int(response.status.code), String(buffer: try await response.body.collect(upTo: 16 << 20)),
                    response.headers.first(name: "traceparent")
                )
                if last.0 != 503 { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// Polls the collector's spans for up to 15 s until `found` returns something.
    func waitFor<T>(_ collector: FakeOTLPCollector, _ found: ([FakeOTLPCollector.Span]) -> T?) async throws -> T {
        for _ in 0..<300 {
            if let value = found(collector.spans) { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        let names = collector.spans.map { "\($0.service) \($0.name ?? "-") \($0.spanID ?? "-")←\($0.parentSpanID ?? "-")" }
        throw StackError("the spans never arrived; the collector has: \(names)")
    }
}

/// One request's spans, linked by their parents: nil until all of them are there.
struct SpanChain {
    typealias Span = FakeOTLPCollector.Span
    var server: Span
    var call: Span
    var engine: Span
    var upstream: [Span]

    init?(_ spans: [Span], serverSpanID: String, upstreamCalls: Int) {
        // The gateway may make other engine calls for the request (`stats`, to learn the engine's identity): the
        // analysis call is the one the engine's server span names as its parent.
        let calls = spans.filter { (span: Span) -> Bool in
            span.service == "tagpulse-gateway" && span.kind == 3 && span.parentSpanID == serverSpanID
        }
        guard let server = spans.first(where: { (span: Span) -> Bool in span.spanID == serverSpanID }),
            let engine = spans.first(where: { (span: Span) -> Bool in
                span.service == "tagpulse-engine" && span.kind == 2 && calls.contains { $0.spanID == span.parentSpanID }
            }),
            let call = calls.first(where: { (span: Span) -> Bool in span.spanID == engine.parentSpanID })
        else { return nil }
        let upstream = spans.filter { (span: Span) -> Bool in
            span.service == "tagpulse-engine" && span.kind == 3 && span.parentSpanID == engine.spanID
        }
        guard upstream.count >= upstreamCalls else { return nil }
        (self.server, self.call, self.engine, self.upstream) = (server, call, engine, upstream)
    }
}
