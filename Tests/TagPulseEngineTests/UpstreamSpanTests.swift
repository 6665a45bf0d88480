import Synchronization
import TagPulseHTTPClient
import TagPulseTracing
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// With span export on, every upstream attempt of a sampled trace is a client span whose id is the `traceparent` the
/// upstream received, the child of the engine's span.
final class UpstreamSpanTests: XCTestCase {
    final class Scripted: UpstreamHTTPClient, Sendable {
        let statuses: Mutex<[Int]>
        let sent = Mutex<[String]>([])

        init(_ statuses: [Int]) { self.statuses = Mutex(statuses) }

        func execute(_ request: UpstreamHTTPRequest) async throws(UpstreamHTTPError) -> UpstreamHTTPResponse {
            self.sent.withLock { $0.append(request.headers.first { $0.name == "traceparent" }?.value ?? "") }
            let status = self.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return UpstreamHTTPResponse(status: status, headers: [:], body: [])
        }
    }

    func caller(_ http: Scripted, _ spans: SpanRecorder) -> UpstreamCaller {
        UpstreamCaller(
            name: "rapidapi",
            http: http,
            breaker: CircuitBreaker(name: "t"),
            retry: RetryPolicy(maxAttempts: 3),
            callTimeout: .seconds(5),
            random: { 0.5 },
            sleep: { _ in },
            spans: spans
        )
    }

    func testEachAttemptIsAClientSpanWithTheIDItSent() async throws {
        let http = Scripted([503, 200])
        let spans = SpanRecorder(capacity: 16)
        let engine = TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", flags: "01")
        _ = try await TraceContext.$current.withValue(engine) {
            try await self.caller(http, spans).call(UpstreamHTTPRequest(url: "https://api.example:8443/feed?x=1", timeout: .seconds(5)))
        }
        let recorded = spans.take(upTo: 10)
        let sent = http.sent.withLock { $0 }
        XCTAssertEqual(recorded.count, 2, "the 503 and the retry")
        XCTAssertEqual(recorded.map { "00-\($0.traceID)-\($0.spanID)-01" }, sent)
        XCTAssertTrue(recorded.allSatisfy { $0.parentSpanID == "00f067aa0ba902b7" && $0.kind == .client && $0.name == "GET" })
        XCTAssertEqual(recorded.map(\.status), [.error, .unset])
        XCTAssertTrue(recorded[0].attributes.contains(.init("http.response.status_code", .int(503))))
        XCTAssertTrue(recorded[0].attributes.contains(.init("server.address", .string("api.example"))))
        XCTAssertTrue(recorded[0].attributes.contains(.init("server.port", .int(8443))))
        XCTAssertTrue(recorded[0].attributes.contains(.init("peer.service", .string("rapidapi"))))
    }

    func testAnUnsampledTraceRecordsNoSpan() async throws {
        let http = Scripted([])
        let spans = SpanRecorder(capacity: 16)
        let engine = TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", flags: "00")
        _ = try await TraceContext.$current.withValue(engine) {
            try await self.caller(http, spans).call(UpstreamHTTPRequest(url: "https://api.example/feed", timeout: .seconds(5)))
        }
        XCTAssertEqual(spans.pending, 0)
        XCTAssertEqual(http.sent.withLock { $0.count }, 1, "the traceparent is still sent, flags 00")
        XCTAssertTrue(http.sent.withLock { $0[0].hasSuffix("-00") })
    }
}
