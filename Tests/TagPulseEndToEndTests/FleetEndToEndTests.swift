import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// Several real gateway processes sharing one engine and one Redis, as behind a load balancer: exact limits across
/// the fleet, per-IP limits on failed auth, revocation reaching every instance, and Redis going away.
final class FleetEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stacks: [StackProcess] = []
    var redisServers: [RedisServerProcess] = []

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    override func tearDown() async throws {
        for stack in self.stacks { stack.stopAll() }
        for server in self.redisServers { server.stop() }
        try await self.http?.shutdown()
        self.http = nil
    }

    /// An engine and `gateways` gateways with `environment`, all ready.
    func fleet(gateways: Int, _ environment: [String: String]) async throws -> StackProcess {
        let stack = try StackProcess(extraEnvironment: environment)
        self.stacks.append(stack)
        try stack.startEngine()
        try stack.startGateway()
        for _ in 1..<gateways { try stack.startAnotherGateway() }
        for url in stack.gatewayURLs { try await self.waitUntilLive(url, stack: stack) }
        return stack
    }

    func waitUntilLive(_ url: String, stack: StackProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let status = try? await self.send(url + "/healthz", method: .GET).status, status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("gateway \(url) never answered /healthz:\n\(stack.log("tagpulse-gateway"))")
    }

    /// A request whose body breaks the field rules: authenticated and charged to `requests`, answered 422 without
    /// reaching the engine, so a burst measures the limiter alone.
    func invalidAnalysis(_ url: String, key: String?) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        try await self.send(url + "/v1/analyze/hashtag", method: .POST, body: "{}", key: key)
    }

    func send(_ url: String, method: HTTPMethod, body: String? = nil, key: String? = nil) async throws -> (
        status: Int, headers: HTTPHeaders, body: String
    ) {
        let answer = try await self.http.stackRequest(url, method: method, body: body, key: key)
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    /// The tier every test key (the bootstrap key included) is in.
    func limitedTier(_ requests: String) -> [String: String] {
        [
            "TAGPULSE_RATELIMIT_TIERS": "test", "TAGPULSE_RATELIMIT_TIER_TEST_REQUESTS": requests,
            "TAGPULSE_RATELIMIT_TIER_TEST_ANALYSES": "1000/min", "TAGPULSE_AUTH_BOOTSTRAP_TIER": "test",
        ]
    }

    func testThreeGatewaysAdmitExactlyTheLimitOfABurstOf2000() async throws {
        // Debug builds of three gateways and this client share two cores: a decision can wait for the CPU longer than
        // the default 25 ms deadline, and a late decision is taken locally (degraded). This test is about exact mode.
        var environment = self.limitedTier("100/min")
        environment["TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS"] = "2000"
        let stack = try await self.fleet(gateways: 3, environment)
        let urls = stack.gatewayURLs
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: (Int, HTTPHeaders, String).self) { group in
            var results: [(Int, HTTPHeaders, String)] = []
            for index in 0..<2000 {
                if index >= 96 { results.append(try await group.next()!) }
                group.addTask { try await self.invalidAnalysis(urls[index % urls.count], key: stack.key) }
            }
            for try await result in group { results.append(result) }
            return results
        }
        let elapsed = ContinuousClock.now - started
        let admitted = results.filter { $0.0 == 422 }.count
        let limited = results.filter { $0.0 == 429 }
        XCTAssertEqual(results.filter { $0.1.first(name: "TagPulse-Degraded") != nil }.count, 0, "every decision exact")
        XCTAssertEqual(admitted + limited.count, 2000, "only 422 and 429: \(Set(results.map(\.0)))")
        // GCRA refills one request per 600 ms: a burst longer than that may admit one more per interval.
        let refill = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) / 600
        XCTAssertTrue((100...(100 + refill)).contains(admitted), "admitted \(admitted) in \(elapsed)")
        if elapsed < .milliseconds(600) { XCTAssertEqual(admitted, 100) }
        for (_, headers, body) in limited.prefix(50) {
            let retryAfter = try XCTUnwrap(headers.first(name: "Retry-After").flatMap(Int.init))
            XCTAssertTrue((1...60).contains(retryAfter))
            XCTAssertEqual(headers.first(name: "Content-Type"), "application/problem+json")
            XCTAssertTrue(body.contains(#""violated_policies":["requests-60s"]"#), body)
            XCTAssertTrue(body.contains(#""code":"RATE_LIMITED""#))
            XCTAssertEqual(headers.first(name: "RateLimit-Policy"), #""requests-60s";q=100;w=60"#)
            XCTAssertNotNil(headers.first(name: "RateLimit"))
            XCTAssertEqual(headers.first(name: "X-RateLimit-Remaining"), "0")
            XCTAssertNil(headers.first(name: "TagPulse-Degraded"))
        }
        let admittedResponse = try XCTUnwrap(results.first { $0.0 == 422 })
        XCTAssertEqual(admittedResponse.1.first(name: "X-RateLimit-Limit"), "100")
    }

    func testFailedAuthIsLimitedPerClientIP() async throws {
        var environment = self.limitedTier("100/min")
        environment["TAGPULSE_RATELIMIT_IP"] = "5/min"
        let stack = try await self.fleet(gateways: 2, environment)
        var statuses: [Int] = []
        for index in 0..<12 {
            let url = stack.gatewayURLs[index % 2]
            statuses.append(
                try await self.invalidAnalysis(url, key: index % 3 == 0 ? nil : "tp_aaaaaaaaaaaa_" + String(repeating: "b", count: 43)).status
            )
        }
        XCTAssertEqual(statuses, Array(repeating: 401, count: 5) + Array(repeating: 429, count: 7))
        // The right key still works from the same IP: the IP policy only counts failures.
        let valid = try await self.invalidAnalysis(stack.baseURL, key: stack.key)
        XCTAssertEqual(valid.status, 422)
    }

    func testAKeyRevokedThroughOneInstanceIsRefusedByAnotherWithinASecond() async throws {
        let stack = try await self.fleet(gateways: 2, [:])
        let (first, second) = (stack.gatewayURLs[0], stack.gatewayURLs[1])
        let created = try await self.send(first + "/v1/admin/keys", method: .POST, body: #"{"name":"acme","tier":"standard"}"#, key: stack.key)
        XCTAssertEqual(created.status, 201, created.body)
        let view = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
        let key = try XCTUnwrap(view["key"] as? String)
        let id = try XCTUnwrap(view["id"] as? String)
        XCTAssertTrue(key.hasPrefix("tp_\(id)_"))
        let used = try await self.invalidAnalysis(second, key: key)
        XCTAssertEqual(used.status, 422, "the new key works on the other instance")
        let forbidden = try await self.send(second + "/v1/admin/keys", method: .GET, key: key)
        XCTAssertEqual(forbidden.status, 403, "an analyze-only key cannot list keys")

        let revoked = try await self.send(first + "/v1/admin/keys/\(id)", method: .DELETE, key: stack.key)
        XCTAssertEqual(revoked.status, 200)
        let started = ContinuousClock.now
        var status = 0
        while ContinuousClock.now - started < .seconds(1) {
            let response = try await self.invalidAnalysis(second, key: key)
            status = response.status
            if status == 401 {
                XCTAssertTrue(response.body.contains("KEY_REVOKED"))
                break
            }
        }
        XCTAssertEqual(status, 401, "refused by the other instance within a second")
        let listed = try await self.send(second + "/v1/admin/keys", method: .GET, key: stack.key)
        XCTAssertTrue(listed.body.contains(#""status":"revoked""#))
        XCTAssertFalse(listed.body.contains(key), "a listing never shows a secret")
    }

    func testRedisStoppedDegradesAsConfiguredThenRecovers() async throws {
        let redis = try RedisServerProcess()
        self.redisServers.append(redis)
        try redis.start()
        var local = self.limitedTier("30/min")
        local["TAGPULSE_REDIS_URL"] = redis.url
        // On a loaded machine (debug builds, other tests) a 25 ms decision can time out while Redis is still up: it is
        // then taken locally and spends one of the local share's tokens counted below. A killed Redis fails decisions
        // at once (its connections close), so a longer deadline does not slow the degraded phase.
        local["TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS"] = "400"
        let stack = try await self.fleet(gateways: 2, local)
        let closed = try stack.startAnotherGateway(["TAGPULSE_RATELIMIT_DEGRADED_MODE": "fail_closed"])
        try await self.waitUntilLive(closed, stack: stack)
        try await Task.sleep(for: .seconds(2))  // heartbeats: every instance counts 3 live gateways

        let exact = try await self.invalidAnalysis(stack.baseURL, key: stack.key)
        XCTAssertEqual(exact.status, 422)
        XCTAssertNil(exact.headers.first(name: "TagPulse-Degraded"))

        redis.kill()
        var slowest = Duration.zero
        var localStatuses: [Int] = []
        for _ in 0..<40 {
            let started = ContinuousClock.now
            let response = try await self.invalidAnalysis(stack.baseURL, key: stack.key)
            slowest = max(slowest, ContinuousClock.now - started)
            localStatuses.append(response.status)
            if response.status == 422 { XCTAssertEqual(response.headers.first(name: "TagPulse-Degraded"), "ratelimit=local") }
        }
        // local: 30/min shared by 3 live instances = 10 here, then 429.
        XCTAssertEqual(localStatuses.filter { $0 == 422 }.count, 10, "\(localStatuses)")
        XCTAssertEqual(localStatuses.filter { $0 == 429 }.count, 30)
        let refused = try await self.invalidAnalysis(closed, key: stack.key)
        XCTAssertEqual(refused.status, 503)
        XCTAssertTrue(refused.body.contains("RATE_LIMIT_UNAVAILABLE"))
        XCTAssertEqual(refused.headers.first(name: "Retry-After"), "1")
        XCTAssertLessThan(slowest, .milliseconds(500), "no request waits for the dead Redis")

        try redis.start()
        let restarted = ContinuousClock.now
        var recovered = false
        while ContinuousClock.now - restarted < .seconds(5) {
            let response = try await self.invalidAnalysis(closed, key: stack.key)
            if response.status == 422, response.headers.first(name: "TagPulse-Degraded") == nil {
                recovered = true
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTAssertTrue(recovered, "exact decisions again after Redis returned")
        XCTAssertLessThan(ContinuousClock.now - restarted, .seconds(3))
    }
}
