import AsyncHTTPClient
import Foundation
import NIOCore
import TagPulseTestSupport
import XCTest

/// With `TIKTOK_RAPIDAPI_KEY` set, the real binaries use the real provider path (libcurl, retries, pagination)
/// against a fake RapidAPI that speaks the real wire format on a loopback port.
final class RealUpstreamEndToEndTests: XCTestCase, @unchecked Sendable {
    func testKeyedEngineAnalysesFromTheUpstream() async throws {
        try StackProcess.skipUnlessRunnable()
        let fake = FakeRapidAPI()
        let openAI = FakeOpenAI()
        fake.failFirst("/challenge/matchalatte/feed", with: [(503, nil)])
        try await fake.run { base in
            try await openAI.run { openAIBase in
                let stack = try StackProcess(extraEnvironment: [
                    "TIKTOK_RAPIDAPI_KEY": fake.key,
                    "TIKTOK_RAPIDAPI_HOST": "fake.rapidapi.host",
                    "TIKTOK_BASE_URL": base,
                    "OPENAI_API_KEY": openAI.key,
                    "OPENAI_BASE_URL": openAIBase,
                ])
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                do {
                    try stack.startEngine()
                    try stack.startGateway()
                    var request = HTTPClientRequest(url: stack.baseURL + "/v1/analyze/hashtag")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(stack.key)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    // W3C Trace Context from "the load balancer": the trace reaches both upstreams through the engine.
                    let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
                    request.headers.add(name: "traceparent", value: "00-\(traceID)-00f067aa0ba902b7-01")
                    request.headers.add(name: "tracestate", value: "lb=7,Invalid Member=1")
                    request.body = .bytes(
                        ByteBuffer(
                            string: #"{"hashtag":"matchalatte","max_posts":4,"ai_analysis_prompt":"Would people buy this and at what price?"}"#
                        )
                    )
                    var status = 0
                    var body = ""
                    var traceparent: String?
                    var tracestate: String?
                    for _ in 0..<100 {  // until the gateway is up and connected
                        if let response = try? await http.execute(request, timeout: .seconds(30)) {
                            status = Int(response.status.code)
                            traceparent = response.headers.first(name: "traceparent")
                            tracestate = response.headers.first(name: "tracestate")
                            body = String(buffer: try await response.body.collect(upTo: 16 << 20))
                            if status != 503 || body.contains("UPSTREAM") { break }
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    XCTAssertEqual(status, 200, body + "\n" + stack.log("tagpulse-engine"))
                    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                    let metadata = try XCTUnwrap(json["metadata"] as? [String: Any])
                    XCTAssertEqual(metadata["provider"] as? String, "rapidapi")
                    XCTAssertEqual(metadata["analyzer"] as? String, "openai")
                    XCTAssertEqual(metadata["ai_analysis_api_calls"] as? Int, 4)
                    XCTAssertEqual(openAI.recorded.count, 4, "one structured-output call per video")
                    XCTAssertEqual(metadata["hashtag_api_calls"] as? Int, 2)
                    XCTAssertEqual(metadata["total_videos_analyzed"] as? Int, 4)
                    XCTAssertFalse((json["comment_analyses"] as? [Any] ?? []).isEmpty)
                    let feedCalls = fake.recorded.filter { $0.path == "/challenge/matchalatte/feed" }
                    XCTAssertEqual(feedCalls.count, 3, "one 503 retried, then two pages")
                    XCTAssertTrue(fake.recorded.allSatisfy { $0.host == "fake.rapidapi.host" && $0.key == fake.key })
                    // The trace: back on the response (the gateway's span), on every upstream call (a span each), in
                    // both processes' logs.
                    let answered = try XCTUnwrap(traceparent)
                    XCTAssertTrue(answered.hasPrefix("00-\(traceID)-") && !answered.contains("00f067aa0ba902b7"), answered)
                    let upstreamParents = fake.recorded.map(\.traceparent) + openAI.recorded.map(\.traceparent)
                    XCTAssertGreaterThanOrEqual(upstreamParents.count, 7, "3 feed calls, the comments, 4 OpenAI calls")
                    for parent in upstreamParents {
                        let parent = try XCTUnwrap(parent, "every upstream call carries traceparent")
                        XCTAssertEqual(parent.split(separator: "-").map(\.count), [2, 32, 16, 2], parent)
                        XCTAssertTrue(parent.hasPrefix("00-\(traceID)-") && parent.hasSuffix("-01"), parent)
                    }
                    XCTAssertEqual(Set(upstreamParents).count, upstreamParents.count, "a span per upstream call")
                    // `tracestate` travels with it (the invalid member dropped): back on the response, on every call.
                    XCTAssertEqual(tracestate, "lb=7")
                    let upstreamStates = fake.recorded.map(\.tracestate) + openAI.recorded.map(\.tracestate)
                    XCTAssertEqual(upstreamStates, Array(repeating: "lb=7", count: upstreamStates.count))
                    let gatewayLog = stack.log("tagpulse-gateway")
                    let engineLog = stack.log("tagpulse-engine")
                    XCTAssertTrue(gatewayLog.contains(#""trace.id":"\#(traceID)""#), gatewayLog)
                    XCTAssertTrue(engineLog.contains(#""trace.id":"\#(traceID)""#), engineLog)
                    let gatewaySpan = String(answered.split(separator: "-")[2])
                    XCTAssertTrue(engineLog.contains(#""span.parent_id":"\#(gatewaySpan)""#), "the engine's span is the gateway's child")
                    XCTAssertFalse(stack.log("tagpulse-engine").contains(fake.key), "keys are never logged")
                    XCTAssertFalse(stack.log("tagpulse-engine").contains(openAI.key), "keys are never logged")
                    // The cost of the analysis: every upstream attempt (the retried 503 too) and the tokens of every
                    // OpenAI answer; after a drain, the client's usage holds the same.
                    let usage = try XCTUnwrap(metadata["usage"] as? [String: Int])
                    XCTAssertEqual(usage["upstream_calls"], fake.recorded.count + openAI.recorded.count)
                    XCTAssertEqual(usage["openai_prompt_tokens"], 100 * openAI.recorded.count)
                    XCTAssertEqual(usage["openai_completion_tokens"], 50 * openAI.recorded.count)
                    XCTAssertEqual(stack.terminate(stack.gateway), 0)
                    let figures = try XCTUnwrap(StackProcess.figures(try stack.usageReport(), client: "bootstrap"))
                    XCTAssertEqual(figures["engine_calls"], 1)
                    XCTAssertEqual(figures["upstream_calls"], usage["upstream_calls"])
                    XCTAssertEqual(figures["openai_prompt_tokens"], usage["openai_prompt_tokens"])
                    XCTAssertEqual(figures["openai_completion_tokens"], usage["openai_completion_tokens"])
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
}
