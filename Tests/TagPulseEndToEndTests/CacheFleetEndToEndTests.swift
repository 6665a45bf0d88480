import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// The cache across three real gateway processes sharing one engine and one Redis: a stampede of identical misses
/// reaches the engine once; with the engine gone, cached answers keep coming and others fail fast.
final class CacheFleetEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    func post(_ url: String, _ body: String, key: String) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        let answer = try await self.http.stackRequest(url + "/v1/analyze/hashtag", method: .POST, body: body, key: key, timeout: .seconds(60))
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    func body(_ hashtag: String) -> String {
        ##"{"hashtag":"\##(hashtag)","max_posts":20,"max_comments_per_post":100,"ai_analysis_prompt":"What do people think about the price, and would they buy it?"}"##
    }

    /// Three gateways and an engine, ready. A Redis reply slower than `redis.command_timeout_ms` fails the request it
    /// belongs to (a hit's look-up answers 503); a fill's lease request or re-check without a reply no longer makes a
    /// second engine call (`AnalysisCache+Fill`, `FillLostReplyTests`). The fleet tests are about coalescing, not slow
    /// Redis: replies get 10 s.
    func startFleet() async throws -> StackProcess {
        let stack = try await StackProcess.started(gateways: 3, environment: ["TAGPULSE_REDIS_COMMAND_TIMEOUT_MS": "10000"], http: self.http)
        self.stack = stack
        return stack
    }

    /// Analyses the engine ran, from its log (`engine.analysis.completed` / `.failed` lines).
    func engineAnalyses(_ stack: StackProcess) -> Int {
        stack.log("tagpulse-engine").split(separator: "\n").filter {
            $0.contains("engine.analysis.completed") || $0.contains("engine.analysis.failed")
        }.count
    }

    func test500ConcurrentIdenticalMissesAcrossThreeGatewaysMakeOneEngineCall() async throws {
        let stack = try await self.startFleet()
        let urls = stack.gatewayURLs
        let body = self.body("skincare")
        let results = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<500 {
                group.addTask {
                    let response = try await self.post(urls[index % urls.count], body, key: stack.key)
                    return (response.status, response.headers.first(name: "Cache-Status"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.filter { $0.0 == 200 }.count, 500, "\(Set(results.map(\.0)))")
        XCTAssertEqual(results.filter { $0.1?.contains("fwd=uri-miss") == true }.count, 1)
        try await Task.sleep(for: .milliseconds(300))  // the engine's log line is written after its answer
        XCTAssertEqual(self.engineAnalyses(stack), 1, "exactly one engine call for 500 identical requests on 3 gateways")
    }

    func testWithTheEngineStoppedCachedAnswersKeepComingAndOthersFailFast() async throws {
        let stack = try await self.startFleet()
        let warm = try await self.post(stack.gatewayURLs[0], self.body("airfryer"), key: stack.key)
        XCTAssertEqual(warm.status, 200)
        stack.killEngine()
        for url in stack.gatewayURLs {
            let cached = try await self.post(url, self.body("airfryer"), key: stack.key)
            XCTAssertEqual(cached.status, 200)
            XCTAssertEqual(cached.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true)
            XCTAssertEqual(cached.body, warm.body)
            let started = ContinuousClock.now
            let uncached = try await self.post(url, self.body("booktok"), key: stack.key)
            XCTAssertEqual(uncached.status, 503)
            XCTAssertNotNil(uncached.headers.first(name: "Retry-After"))
            XCTAssertEqual(uncached.headers.first(name: "Content-Type"), "application/problem+json")
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(1), "fails fast")
        }
    }

    func testAPurgeThroughOneInstanceIsSeenByEveryInstance() async throws {
        let stack = try await self.startFleet()
        let urls = stack.gatewayURLs
        _ = try await self.post(urls[0], self.body("booktok"), key: stack.key)
        let hit = try await self.post(urls[1], self.body("booktok"), key: stack.key)
        XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true)
        var purge = HTTPClientRequest(url: urls[2] + "/v1/admin/cache/purge")
        purge.method = .POST
        purge.headers.add(name: "Authorization", value: "Bearer \(stack.key)")
        purge.headers.add(name: "Content-Type", value: "application/json")
        purge.body = .bytes(ByteBuffer(string: #"{"hashtag":"BookTok"}"#))
        let purged = try await self.http.execute(purge, timeout: .seconds(10))
        XCTAssertEqual(purged.status, .ok)
        try await Task.sleep(for: .milliseconds(5))  // marks are compared in whole milliseconds
        let first = try await self.post(urls[0], self.body("booktok"), key: stack.key)
        XCTAssertEqual(first.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true, "purged on another instance")
        let second = try await self.post(urls[1], self.body("booktok"), key: stack.key)
        XCTAssertEqual(second.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true, "refilled for everyone")
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertEqual(self.engineAnalyses(stack), 2)
    }
}
