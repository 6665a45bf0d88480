import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// What an operator sees of real processes: `/metrics` moving under traffic (the engine's counters included),
/// the access log, and SIGTERM under load (readiness first, no in-flight request dropped, exit 0).
final class OperationsEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stacks: [StackProcess] = []

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        for stack in self.stacks { stack.stopAll() }
        try await self.http?.shutdown()
        self.http = nil
    }

    func start(_ environment: [String: String]) async throws -> StackProcess {
        let stack = try await StackProcess.started(environment: environment, http: self.http, readyWithin: .seconds(30))
        self.stacks.append(stack)
        return stack
    }

    func send(_ url: String, method: HTTPMethod = .GET, body: String? = nil, key: String? = nil, timeout: TimeAmount = .seconds(30))
        async throws -> (status: Int, headers: HTTPHeaders, body: String)
    {
        let answer = try await self.http.stackRequest(url, method: method, body: body, key: key, timeout: timeout)
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    /// The value of the sample `name{labels}` (labels as written, in order), nil when absent.
    func sample(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    func testMetricsMoveUnderTrafficWithoutRawPathsOrKeys() async throws {
        let metricsPort = try StackProcess.freePort()
        let stack = try await self.start(["TAGPULSE_METRICS_PORT": String(metricsPort)])
        let metricsURL = "http://127.0.0.1:\(metricsPort)/metrics"
        let query = "/v1/hashtags/skincare/analysis?max_posts=3&prompt=What%20about%20the%20price%3F"
        let miss = try await self.send(stack.baseURL + query, key: stack.key)
        XCTAssertEqual(miss.status, 200, miss.body)
        let hit = try await self.send(stack.baseURL + query, key: stack.key)
        XCTAssertEqual(hit.status, 200)
        let invalid = try await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: "{}", key: stack.key)
        XCTAssertEqual(invalid.status, 422)
        let anonymous = try await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: "{}")
        XCTAssertEqual(anonymous.status, 401)

        let first = try await self.send(metricsURL)
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.headers.first(name: "Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
        let text = first.body
        let hashtagRoute = #"route="/v1/hashtags/{tag}/analysis",method="GET",status="200""#
        XCTAssertEqual(self.sample(text, "tagpulse_http_requests_total{\(hashtagRoute)}"), 2, text)
        XCTAssertEqual(self.sample(text, #"tagpulse_http_requests_total{route="/v1/analyze/hashtag",method="POST",status="422"}"#), 1)
        XCTAssertEqual(self.sample(text, #"tagpulse_http_requests_total{route="/v1/analyze/hashtag",method="POST",status="401"}"#), 1)
        XCTAssertEqual(self.sample(text, "tagpulse_http_request_duration_seconds_count{\(hashtagRoute)}"), 2)
        XCTAssertEqual(self.sample(text, #"tagpulse_cache_lookups_total{result="miss"}"#), 1)
        XCTAssertEqual(self.sample(text, #"tagpulse_cache_lookups_total{result="hit"}"#), 1)
        XCTAssertEqual(self.sample(text, "tagpulse_cache_hot_entries"), 1, "kept by the hit, not by the fill")
        XCTAssertGreaterThan(self.sample(text, "tagpulse_cache_hot_bytes") ?? 0, 1000)
        XCTAssertGreaterThanOrEqual(self.sample(text, #"tagpulse_ratelimit_decisions_total{policy="requests",outcome="allowed"}"#) ?? 0, 3)
        XCTAssertGreaterThan(self.sample(text, #"tagpulse_redis_command_duration_seconds_count{client="control"}"#) ?? 0, 0)
        XCTAssertEqual(self.sample(text, #"tagpulse_engine_call_duration_seconds_count{method="analyze.hashtag"}"#), 1)
        XCTAssertEqual(self.sample(text, "tagpulse_engine_up"), 1)
        XCTAssertGreaterThanOrEqual(self.sample(text, "tagpulse_engine_requests_total") ?? 0, 2)
        XCTAssertEqual(self.sample(text, "tagpulse_ready"), 1, "the readiness probe ran")
        XCTAssertEqual(self.sample(text, "tagpulse_draining"), 0)
        for secret in ["skincare", stack.key, "price"] {
            XCTAssertFalse(text.contains(secret), "\(secret) appears in /metrics")
        }

        _ = try await self.send(stack.baseURL + query, key: stack.key)
        let second = try await self.send(metricsURL).body
        XCTAssertEqual(self.sample(second, "tagpulse_http_requests_total{\(hashtagRoute)}"), 3, "counters move")
        XCTAssertEqual(self.sample(second, #"tagpulse_cache_lookups_total{result="hit"}"#), 2)

        // The access log: one line per request with its key id, never the key.
        let log = stack.log("tagpulse-gateway")
        let lines = log.split(separator: "\n").filter { $0.contains(#""msg":"request.completed""#) }
        XCTAssertGreaterThanOrEqual(lines.count, 5)
        XCTAssertTrue(lines.contains { $0.contains(#""apikey.id":"bootstrap""#) && $0.contains(#""http.status":422,"#) }, log)
        // Numbers are JSON numbers, one request id per line, durations in milliseconds in both processes.
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""duration_ms":"#) && !$0.contains(#""duration_ms":""#) }, log)
        XCTAssertFalse(log.contains("hb.request.id"), "one request id per line")
        let engineLog = stack.log("tagpulse-engine")
        let completed = engineLog.split(separator: "\n").filter { $0.contains(#""msg":"engine.analysis.completed""#) }
        XCTAssertFalse(completed.isEmpty, engineLog)
        XCTAssertTrue(completed.allSatisfy { $0.contains(#""duration_ms":"#) && !$0.contains(#""duration":"#) }, engineLog)
        XCTAssertFalse(log.contains(stack.key), "the key itself is never logged")
        // The engine logs the gateway's request id.
        let requestID = try XCTUnwrap(miss.headers.first(name: "X-Request-ID"))
        XCTAssertTrue(stack.log("tagpulse-engine").contains(requestID), "the engine's lines carry the gateway's request id")
    }

    func testSIGTERMFailsReadinessFirstThenFinishesInFlightRequestsAndExitsZero() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            let metricsPort = try StackProcess.freePort()
            let stack = try await self.start([
                "TIKTOK_RAPIDAPI_KEY": fake.key, "TIKTOK_RAPIDAPI_HOST": "fake.rapidapi.host", "TIKTOK_BASE_URL": base,
                "TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS": "1500", "TAGPULSE_METRICS_PORT": String(metricsPort),
            ])
            let warm = #"{"hashtag":"matchalatte","max_posts":1,"ai_analysis_prompt":"Would people buy it?"}"#
            let warmed = try await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: warm, key: stack.key)
            XCTAssertEqual(warmed.status, 200, warmed.body)
            let metrics = try await self.send("http://127.0.0.1:\(metricsPort)/metrics").body
            XCTAssertEqual(self.sample(metrics, "tagpulse_engine_up"), 1)
            XCTAssertGreaterThan(self.sample(metrics, #"tagpulse_engine_upstream_calls_total{upstream="rapidapi",outcome="ok"}"#) ?? 0, 0, metrics)
            XCTAssertEqual(self.sample(metrics, #"tagpulse_engine_circuit_state{upstream="rapidapi",state="closed"}"#), 1)
            XCTAssertEqual(self.sample(metrics, #"tagpulse_engine_circuit_state{upstream="rapidapi",state="open"}"#), 0)

            // Six cold analyses that each take about 3 s (the fake's feed for `slowtag*` answers after 3 s).
            let inFlight = Task {
                try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for index in 1...6 {
                        group.addTask {
                            let body = #"{"hashtag":"slowtag\#(index)","max_posts":1,"ai_analysis_prompt":"Would people buy it?"}"#
                            let answer = try await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: body, key: stack.key)
                            return (answer.status, answer.body)
                        }
                    }
                    return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
                }
            }
            try await Task.sleep(for: .milliseconds(700))
            let gateway = try XCTUnwrap(stack.gateway)
            kill(gateway.processIdentifier, SIGTERM)
            try await Task.sleep(for: .milliseconds(300))

            // Draining: readiness fails at once, other requests are still served but close their connections.
            let ready = try await self.send(stack.baseURL + "/readyz")
            XCTAssertEqual(ready.status, 503)
            XCTAssertTrue(ready.body.contains("DRAINING"), ready.body)
            let health = try await self.send(stack.baseURL + "/healthz")
            XCTAssertEqual(health.status, 200)
            XCTAssertEqual(health.headers.first(name: "Connection"), "close")
            let draining = try await self.send("http://127.0.0.1:\(metricsPort)/metrics").body
            XCTAssertEqual(self.sample(draining, "tagpulse_draining"), 1)
            XCTAssertTrue(gateway.isRunning)

            // Every request in flight at SIGTERM completes.
            let answers = try await inFlight.value
            XCTAssertEqual(answers.map(\.0), Array(repeating: 200, count: 6), answers.map(\.1).joined(separator: "\n"))
            let deadline = Date().addingTimeInterval(10)
            while gateway.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            XCTAssertFalse(gateway.isRunning, "the gateway exits once drained")
            XCTAssertEqual(gateway.terminationStatus, 0, stack.log("tagpulse-gateway"))
            let log = stack.log("tagpulse-gateway")
            XCTAssertTrue(log.contains("gateway.draining") && log.contains("gateway.stopped"), log)
        }
    }

    func testAGracePeriodThatRunsOutEndsTheProcessWithStatus1() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            let stack = try await self.start([
                "TIKTOK_RAPIDAPI_KEY": fake.key, "TIKTOK_RAPIDAPI_HOST": "fake.rapidapi.host", "TIKTOK_BASE_URL": base,
                "TAGPULSE_SHUTDOWN_GRACE_PERIOD_MS": "500",
            ])
            let slow = Task {
                let body = #"{"hashtag":"slowtag9","max_posts":1,"ai_analysis_prompt":"Would people buy it?"}"#
                return try? await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: body, key: stack.key).status
            }
            try await Task.sleep(for: .milliseconds(500))
            let gateway = try XCTUnwrap(stack.gateway)
            let stopped = ContinuousClock.now
            kill(gateway.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while gateway.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            XCTAssertFalse(gateway.isRunning)
            XCTAssertLessThan(ContinuousClock.now - stopped, .milliseconds(2500), "the 3 s analysis was not waited for")
            XCTAssertEqual(gateway.terminationStatus, 1, "an unfinished request is reported by the exit status")
            XCTAssertTrue(stack.log("tagpulse-gateway").contains("gateway.stopped.grace_period_exceeded"))
            _ = await slow.value
        }
    }
}
