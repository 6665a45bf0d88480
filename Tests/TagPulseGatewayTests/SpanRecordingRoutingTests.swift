import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseTracing
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// With span export on, the router records each sampled request's server span with the ids it answered and logged;
/// an unsampled `traceparent` records nothing, and a trace started here is sampled by `trace.otlp.sample_ratio`.
final class SpanRecordingRoutingTests: XCTestCase {
    static let key = "tp_trace_key_0123456789abcdef"

    func makeApp(_ spans: SpanRecorder) -> some ApplicationProtocol {
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: Self.key),
            engine: InMemoryEngine(),
            nowMilliseconds: { 1_764_000_000_000 },
            spans: spans
        )
        return Application(router: router)
    }

    func testASampledRequestsServerSpanIsRecordedWithItsIDs() async throws {
        let spans = SpanRecorder(capacity: 16)
        try await self.makeApp(spans).test(.router) { client in
            let headers: HTTPFields = [
                .authorization: "Bearer \(Self.key)", .contentType: "application/json",
                HTTPField.Name("traceparent")!: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ]
            let body = ByteBuffer(string: #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think?"}"#)
            let before = SpanClock.nowUnixNanoseconds()
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: headers, body: body) { response in
                XCTAssertEqual(response.status, .ok)
                let answered = try XCTUnwrap(TraceContext(traceparent: response.headers[HTTPField.Name("traceparent")!]))
                let span = try XCTUnwrap(spans.take(upTo: 10).first)
                XCTAssertEqual(span.traceID, answered.traceID)
                XCTAssertEqual(span.spanID, answered.spanID)
                XCTAssertEqual(span.parentSpanID, "00f067aa0ba902b7")
                XCTAssertEqual(span.kind, .server)
                XCTAssertEqual(span.name, "POST /v1/analyze/hashtag")
                XCTAssertTrue(span.attributes.contains(.init("http.route", .string("/v1/analyze/hashtag"))))
                XCTAssertTrue(span.attributes.contains(.init("http.response.status_code", .int(200))))
                XCTAssertEqual(span.status, .unset)
                XCTAssertGreaterThanOrEqual(span.startUnixNanoseconds, before)
                XCTAssertGreaterThanOrEqual(span.endUnixNanoseconds, span.startUnixNanoseconds)
            }
            // A path no route matches is named by its method alone (never the raw path).
            try await client.execute(uri: "/no/such/path/12345", method: .get) { _ in
                let span = try XCTUnwrap(spans.take(upTo: 10).first)
                XCTAssertEqual(span.name, "GET")
                XCTAssertFalse(span.attributes.contains { $0.key == "http.route" })
            }
        }
    }

    func testAnUnsampledTraceRecordsNothing() async throws {
        let spans = SpanRecorder(capacity: 16)
        try await self.makeApp(spans).test(.router) { client in
            let headers: HTTPFields = [HTTPField.Name("traceparent")!: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"]
            try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                XCTAssertTrue(response.headers[HTTPField.Name("traceparent")!]?.hasSuffix("-00") ?? false)
            }
        }
        XCTAssertEqual(spans.pending, 0)
        let never = SpanRecorder(capacity: 16, sampleRatio: 0)
        try await self.makeApp(never).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                XCTAssertTrue(response.headers[HTTPField.Name("traceparent")!]?.hasSuffix("-00") ?? false, "not sampled, and it says so")
            }
        }
        XCTAssertEqual(never.pending, 0)
    }
}
