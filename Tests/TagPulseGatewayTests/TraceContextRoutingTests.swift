import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// W3C Trace Context through the router: a valid `traceparent` is continued (a new span of the same trace), an
/// invalid or missing one starts a trace; the answer says which, and the engine call runs under it.
final class TraceContextRoutingTests: XCTestCase {
    static let key = "tp_trace_key_0123456789abcdef"
    static let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    func makeApp(_ engine: InMemoryEngine) -> some ApplicationProtocol {
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: Self.key),
            engine: engine,
            nowMilliseconds: { 1_764_000_000_000 }
        )
        return Application(router: router)
    }

    func testAValidTraceparentIsContinuedAndReachesTheEngine() async throws {
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            let headers: HTTPFields = [
                .authorization: "Bearer \(Self.key)", .contentType: "application/json",
                HTTPField.Name("traceparent")!: Self.parent, HTTPField.Name("tracestate")!: "lb=7,Not Valid=1",
            ]
            let body = ByteBuffer(string: #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think?"}"#)
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: headers, body: body) { response in
                XCTAssertEqual(response.status, .ok)
                let answered = try XCTUnwrap(response.headers[HTTPField.Name("traceparent")!])
                let trace = try XCTUnwrap(TraceContext(traceparent: answered))
                XCTAssertEqual(trace.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
                XCTAssertNotEqual(trace.spanID, "00f067aa0ba902b7", "the gateway's own span")
                let sent = try XCTUnwrap(engine.traces.withLock { $0.first } ?? nil)
                XCTAssertEqual(sent.traceparent, answered, "the engine call carries the gateway's span")
                XCTAssertEqual(sent.state, "lb=7", "the invalid member dropped")
                XCTAssertEqual(response.headers[HTTPField.Name("tracestate")!], "lb=7", "returned with the traceparent")
            }
        }
    }

    func testTracestateKeepsAtMost32MembersAndGoesWithoutAValidParent() async throws {
        try await self.makeApp(InMemoryEngine()).test(.router) { client in
            let forty = (1...40).map { "k\($0)=v" }.joined(separator: ",")
            let headers: HTTPFields = [HTTPField.Name("traceparent")!: Self.parent, HTTPField.Name("tracestate")!: forty]
            try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                let state = try XCTUnwrap(response.headers[HTTPField.Name("tracestate")!])
                XCTAssertEqual(state, (1...32).map { "k\($0)=v" }.joined(separator: ","))
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("tracestate")!: "lb=7"]) { response in
                XCTAssertNil(response.headers[HTTPField.Name("tracestate")!], "no tracestate without a valid traceparent")
            }
        }
    }

    func testAnInvalidOrMissingTraceparentStartsATrace() async throws {
        try await self.makeApp(InMemoryEngine()).test(.router) { client in
            var traces: [TraceContext] = []
            for header in [nil, "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "nonsense"] {
                var headers: HTTPFields = [:]
                if let header { headers[HTTPField.Name("traceparent")!] = header }
                try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                    let answered = try XCTUnwrap(response.headers[HTTPField.Name("traceparent")!])
                    traces.append(try XCTUnwrap(TraceContext(traceparent: answered), answered))
                }
            }
            XCTAssertEqual(Set(traces.map(\.traceID)).count, 3, "a new trace each time")
            XCTAssertFalse(traces.contains { $0.traceID == String(repeating: "0", count: 32) })
        }
    }
}
