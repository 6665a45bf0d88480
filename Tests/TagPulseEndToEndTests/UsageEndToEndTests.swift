import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// Usage per client through real gateway processes: exact figures after traffic spread over three instances and a
/// drain, nothing lost across a Redis restart, a client kept to its own usage, and a hit's Redis commands the same
/// with usage counting on or off.
final class UsageEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?
    var redis: RedisServerProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        self.redis?.stop()
        try await self.http?.shutdown()
        self.http = nil
    }

    static let prompt = "What do people think about the price?"
    let getPath = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=5"
    let postBody = #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":5}"#

    /// An engine and `gateways` gateways (on a Redis of their own when `ownRedis`), all ready.
    func fleet(gateways: Int, ownRedis: Bool = false, _ environment: [String: String] = [:], redisArguments: [String] = []) async throws
        -> StackProcess
    {
        if ownRedis {
            let redis = try RedisServerProcess(extraArguments: redisArguments)
            self.redis = redis
            try redis.start()
        }
        let stack = try await StackProcess.started(gateways: gateways, on: self.redis, environment: environment, http: self.http)
        self.stack = stack
        return stack
    }

    func createKey(_ url: String, admin: String, client: String, tier: String, scopes: [String]) async throws -> String {
        let scopeList = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let created = try await self.http.stackRequest(
            url + "/v1/admin/keys",
            method: .POST,
            body: #"{"name":"\#(client)","client":"\#(client)","tier":"\#(tier)","scopes":[\#(scopeList)]}"#,
            key: admin
        )
        XCTAssertEqual(created.status, 201, String(buffer: created.body))
        let view = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any])
        return try XCTUnwrap(view["key"] as? String)
    }

    func testCountsAreExactAfterTrafficOverThreeGatewaysAndADrain() async throws {
        // Nothing is flushed before the drain: what Redis holds afterwards is what each instance's last flush wrote.
        let stack = try await self.fleet(
            gateways: 3,
            [
                "TAGPULSE_USAGE_FLUSH_INTERVAL_MS": "600000", "TAGPULSE_RATELIMIT_TIERS": "test,tiny",
                "TAGPULSE_RATELIMIT_TIER_TEST_REQUESTS": "10000/min", "TAGPULSE_RATELIMIT_TIER_TEST_ANALYSES": "1000/min",
                "TAGPULSE_RATELIMIT_TIER_TINY_REQUESTS": "2/min", "TAGPULSE_RATELIMIT_TIER_TINY_ANALYSES": "100/min",
                "TAGPULSE_AUTH_BOOTSTRAP_TIER": "test", "TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "2000",
            ]
        )
        let urls = stack.gatewayURLs
        let acme = try await self.createKey(urls[0], admin: stack.key, client: "acme", tier: "test", scopes: ["analyze"])
        let globex = try await self.createKey(urls[0], admin: stack.key, client: "globex", tier: "test", scopes: ["analyze", "usage"])
        let initech = try await self.createKey(urls[0], admin: stack.key, client: "initech", tier: "tiny", scopes: ["analyze"])

        var bytes = 0
        let miss = try await self.http.stackRequest(urls[0] + "/v1/analyze/hashtag", method: .POST, body: self.postBody, key: acme)
        XCTAssertEqual(miss.status, 200)
        XCTAssertEqual(miss.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true)
        bytes += miss.body.readableBytes
        for index in 0..<30 {
            let url = urls[index % 3]
            let hit =
                index % 2 == 0
                ? try await self.http.stackRequest(url + self.getPath, key: acme)
                : try await self.http.stackRequest(url + "/v1/analyze/hashtag", method: .POST, body: self.postBody, key: acme)
            XCTAssertEqual(hit.status, 200)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.contains("; hit"), true)
            bytes += hit.body.readableBytes
        }
        let invalid = try await self.http.stackRequest(urls[1] + "/v1/analyze/hashtag", method: .POST, body: "{}", key: acme)
        XCTAssertEqual(invalid.status, 422)
        bytes += invalid.body.readableBytes  // a problem document is an answer too
        var globexBytes = 0
        for index in 0..<3 {
            let answer = try await self.http.stackRequest(urls[2 - index % 2] + self.getPath, key: globex)
            XCTAssertEqual(answer.status, 200)
            globexBytes += answer.body.readableBytes
        }
        // Two requests a minute: two hits, then two refusals: one on the instance that knows the key (answered on the
        // event loop), one on an instance new to it (answered by the router). Both count their problem documents.
        var initechStatuses: [Int] = []
        var initechBytes = 0
        for url in [urls[0], urls[0], urls[0], urls[1]] {
            let answer = try await self.http.stackRequest(url + self.getPath, key: initech)
            initechStatuses.append(answer.status)
            initechBytes += answer.body.readableBytes
        }
        XCTAssertEqual(initechStatuses, [200, 200, 429, 429])

        // The drain: each instance's last flush runs after its server stopped.
        XCTAssertEqual(stack.terminate(stack.gateway), 0)
        for extra in stack.extraGateways { XCTAssertEqual(stack.terminate(extra.process), 0) }

        let report = try stack.usageReport()
        let acmeFigures = try XCTUnwrap(StackProcess.figures(report, client: "acme"), "\(report)")
        XCTAssertEqual(acmeFigures["requests"], 32)
        XCTAssertEqual(acmeFigures["hits_fresh"], 30)
        XCTAssertEqual(acmeFigures["hits_stale"], 0)
        XCTAssertEqual(acmeFigures["engine_calls"], 1)
        XCTAssertEqual(acmeFigures["refused"], 0)
        XCTAssertEqual(acmeFigures["bytes_out"], bytes)
        XCTAssertEqual(acmeFigures["upstream_calls"], 0, "the offline corpus calls no upstream")
        let globexFigures = try XCTUnwrap(StackProcess.figures(report, client: "globex"))
        XCTAssertEqual(globexFigures["requests"], 3)
        XCTAssertEqual(globexFigures["hits_fresh"], 3)
        XCTAssertEqual(globexFigures["engine_calls"], 0)
        XCTAssertEqual(globexFigures["bytes_out"], globexBytes)
        let initechFigures = try XCTUnwrap(StackProcess.figures(report, client: "initech"))
        XCTAssertEqual(initechFigures["requests"], 4)
        XCTAssertEqual(initechFigures["hits_fresh"], 2)
        XCTAssertEqual(initechFigures["refused"], 2)
        XCTAssertEqual(initechFigures["bytes_out"], initechBytes)
        XCTAssertNil(StackProcess.figures(report, client: "bootstrap"), "admin calls are not analysis usage")
        XCTAssertEqual(stack.log("tagpulse-gateway").contains("gateway.usage.lost_at_exit"), false)

        // Reading through the API: admin reads every client; a usage key its own client only.
        try stack.startGateway()
        try await stack.waitUntilReady(stack.baseURL, http: self.http)
        let all = try await self.http.stackRequest(stack.baseURL + "/v1/admin/usage?group=key", key: stack.key)
        XCTAssertEqual(all.status, 200, String(buffer: all.body))
        let allReport = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: all.body)) as? [String: Any])
        XCTAssertEqual(StackProcess.figures(allReport, client: "acme")?["requests"], 32)
        let own = try await self.http.stackRequest(stack.baseURL + "/v1/admin/usage", key: globex)
        XCTAssertEqual(own.status, 200, String(buffer: own.body))
        let ownReport = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: own.body)) as? [String: Any])
        XCTAssertEqual((ownReport["clients"] as? [[String: Any]])?.compactMap { $0["client"] as? String }, ["globex"])
        XCTAssertFalse(String(buffer: own.body).contains("acme"))
        let other = try await self.http.stackRequest(stack.baseURL + "/v1/admin/usage?client=acme", key: globex)
        XCTAssertEqual(other.status, 403)
        XCTAssertTrue(String(buffer: other.body).contains(#""code":"USAGE_FORBIDDEN""#))
        let noScope = try await self.http.stackRequest(stack.baseURL + "/v1/admin/usage?client=acme", key: acme)
        XCTAssertEqual(noScope.status, 403)
        XCTAssertTrue(String(buffer: noScope.body).contains(#""code":"FORBIDDEN""#))
    }

    func testNoCountIsLostAcrossARedisRestart() async throws {
        // Redis keeps its data through the restart (append-only file, synced on every write), as a production one does.
        let stack = try await self.fleet(
            gateways: 1,
            ownRedis: true,
            ["TAGPULSE_USAGE_FLUSH_INTERVAL_MS": "200", "TAGPULSE_RATELIMIT_DEGRADED_MODE": "local"],
            redisArguments: ["--appendonly", "yes", "--appendfsync", "always"]
        )
        let redis = try XCTUnwrap(self.redis)
        for _ in 0..<6 {
            let answer = try await self.http.stackRequest(stack.baseURL + self.getPath, key: stack.key)
            XCTAssertEqual(answer.status, 200)
        }
        try await self.waitForRequests(6, redis: redis, stack: stack)

        redis.kill()
        var whileDown: [Int] = []
        for _ in 0..<5 { whileDown.append(try await self.http.stackRequest(stack.baseURL + self.getPath, key: stack.key).status) }
        try await Task.sleep(for: .milliseconds(600))  // flushes fail meanwhile; the counts stay in memory
        try redis.start()
        try await self.waitForRequests(11, redis: redis, stack: stack, timeout: .seconds(15))
        XCTAssertTrue(stack.log("tagpulse-gateway").contains("gateway.usage.flush_failed"), "statuses while down: \(whileDown)")
    }

    /// Waits until the bootstrap client's `requests` over yesterday and today reach `expected` (and never pass it).
    func waitForRequests(_ expected: Int, redis: RedisServerProcess, stack: StackProcess, timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        var seen: Int?
        while ContinuousClock.now < deadline {
            if let report = try? stack.usageReport(redisURL: redis.url) {
                seen = StackProcess.figures(report, client: "bootstrap")?["requests"]
                if seen == expected { return }
                XCTAssertLessThanOrEqual(seen ?? 0, expected, "counted twice")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTFail("requests never reached \(expected) (last seen \(String(describing: seen)))")
    }

    func testAHitsRedisCommandsAreTheSameWithUsageCountingOnOrOff() async throws {
        // The first gateway does not count usage; the second does, and writes only when it stops (its drain flush).
        let stack = try await self.fleet(gateways: 1, ownRedis: true, ["TAGPULSE_USAGE_ENABLED": "false"])
        let counting = try stack.startAnotherGateway(["TAGPULSE_USAGE_ENABLED": "true", "TAGPULSE_USAGE_FLUSH_INTERVAL_MS": "600000"])
        try await stack.waitUntilReady(counting, http: self.http)
        let redis = try XCTUnwrap(self.redis)
        let plain = stack.baseURL
        let miss = try await self.http.stackRequest(plain + "/v1/analyze/hashtag", method: .POST, body: self.postBody, key: stack.key)
        XCTAssertEqual(miss.status, 200)
        // Each instance holds the body in memory after its first hit.
        for url in [plain, counting] {
            for _ in 0..<2 { _ = try await self.http.stackRequest(url + "/v1/analyze/hashtag", method: .POST, body: self.postBody, key: stack.key) }
        }
        let hits = 100
        let heartbeat = stack.keyPrefix + "gw:instances"
        /// What Redis ran for `hits` hits on `url`, by command name (scripts' own commands included), leaving out
        /// what time drives whatever the traffic: the instances' heartbeats, connection PINGs, the cache memory
        /// guard's `INFO memory` and the warm-up take-over scan's `SRANDMEMBER` (each every few seconds).
        let timed: Set<String> = ["PING", "INFO", "SRANDMEMBER"]
        func commands(_ url: String) async throws -> [String: Int] {
            let monitor = try RedisMonitor(redis)
            for _ in 0..<hits {
                let hit = try await self.http.stackRequest(url + "/v1/analyze/hashtag", method: .POST, body: self.postBody, key: stack.key)
                XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true)
            }
            let seen = try monitor.stop().filter { $0.firstKey != heartbeat && !timed.contains($0.name) }
            XCTAssertEqual(seen.filter { $0.firstKey?.hasPrefix(stack.keyPrefix + "usage:") == true }, [], "no usage write on a hit's path")
            return seen.reduce(into: [:]) { $0[$1.name, default: 0] += 1 }
        }
        let off = try await commands(plain)
        let on = try await commands(counting)
        XCTAssertEqual(on, off, "the same commands, whether the instance counts usage or not")
        // One round trip per hit in exact mode: the rate-limit script (its own GET and SET inside), the entry's head
        // and its purge marks.
        XCTAssertEqual(off["EVALSHA"], hits, "\(off)")
        XCTAssertEqual(off["GETRANGE"], hits, "\(off)")
        // And the counting instance did count them, in memory: its drain flush writes them.
        let countingProcess = try XCTUnwrap(stack.extraGateways.first?.process)
        XCTAssertEqual(stack.terminate(countingProcess), 0)
        let report = try stack.usageReport()
        XCTAssertEqual(StackProcess.figures(report, client: "bootstrap")?["requests"], 2 + hits, "\(report)")
        XCTAssertEqual(StackProcess.figures(report, client: "bootstrap")?["hits_fresh"], 2 + hits)
    }
}
