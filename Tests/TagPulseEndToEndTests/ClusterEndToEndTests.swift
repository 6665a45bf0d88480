import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// Two real gateways on the Redis Cluster of `scripts/test` (`TAGPULSE_REDIS_CLUSTER_NODES`, and a `redis.url`
/// nothing listens on): exact limits across the fleet, the cache across slots with a purge seen by both, a
/// revocation seen by the other instance.
final class ClusterEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?
    var cluster: RedisClusterUnderTest!

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        guard let cluster = RedisClusterUnderTest.fromEnvironment else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_CLUSTER_NODES is not set (scripts/test sets it); skipping Redis Cluster tests")
        }
        self.cluster = cluster
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    override func tearDown() async throws {
        if let stack = self.stack {
            stack.stopAll()
            // The stack's keys live on the cluster's masters.
            for node in (try? self.cluster.nodesTable()) ?? [] where node.isMaster && !node.isFailed {
                let keys = (try? RedisClusterUnderTest.cli(port: node.port, ["--scan", "--pattern", stack.keyPrefix + "*"])) ?? ""
                for key in keys.split(separator: "\n") { _ = try? RedisClusterUnderTest.cli(port: node.port, ["DEL", String(key)]) }
            }
        }
        try await self.http?.shutdown()
        self.http = nil
    }

    func fleet(_ environment: [String: String]) async throws -> StackProcess {
        var environment = environment
        // Nothing listens there: only the cluster can serve the gateways.
        environment["TAGPULSE_REDIS_URL"] = "redis://127.0.0.1:1/0"
        environment["TAGPULSE_REDIS_CLUSTER_NODES"] = self.cluster.nodeList
        let stack = try await StackProcess.started(gateways: 2, environment: environment, http: self.http)
        self.stack = stack
        return stack
    }

    func send(_ url: String, method: HTTPMethod, body: String? = nil, key: String? = nil) async throws -> (
        status: Int, headers: HTTPHeaders, body: String
    ) {
        let answer = try await self.http.stackRequest(url, method: method, body: body, key: key, timeout: .seconds(60))
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    func testTwoGatewaysOnTheClusterAdmitExactly100OfABurstOf300() async throws {
        let stack = try await self.fleet([
            "TAGPULSE_RATELIMIT_TIERS": "test", "TAGPULSE_RATELIMIT_TIER_TEST_REQUESTS": "100/min",
            "TAGPULSE_RATELIMIT_TIER_TEST_ANALYSES": "1000/min", "TAGPULSE_AUTH_BOOTSTRAP_TIER": "test",
            // Debug builds on two shared cores: this test is about exact decisions, not the 25 ms deadline.
            "TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "2000",
        ])
        let urls = stack.gatewayURLs
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            var statuses: [(Int, String?)] = []
            for index in 0..<300 {
                if index >= 64 { statuses.append(try await group.next()!) }
                group.addTask {
                    // An invalid body: authenticated and charged, answered 422 without the engine.
                    let answer = try await self.send(urls[index % 2] + "/v1/analyze/hashtag", method: .POST, body: "{}", key: stack.key)
                    return (answer.status, answer.headers.first(name: "TagPulse-Degraded"))
                }
            }
            for try await status in group { statuses.append(status) }
            return statuses
        }
        let elapsed = ContinuousClock.now - started
        // A failure says why: the degraded answers' `TagPulse-Degraded` values, numbered in the order they came back.
        let degraded = statuses.enumerated().compactMap { index, status in status.1.map { "#\(index) \(status.0) \($0)" } }
        XCTAssertEqual(degraded, [], "every decision exact")
        XCTAssertEqual(Set(statuses.map(\.0)), [422, 429])
        let admitted = statuses.filter { $0.0 == 422 }.count
        // GCRA refills one per 600 ms: a burst longer than that may admit one more per interval.
        let refill = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) / 600
        XCTAssertTrue((100...(100 + refill)).contains(admitted), "admitted \(admitted) in \(elapsed)")
    }

    func testTheCacheAcrossSlotsAndAPurgeAndARevocationSeenByBothInstances() async throws {
        let stack = try await self.fleet([:])
        let (first, second) = (stack.gatewayURLs[0], stack.gatewayURLs[1])
        func body(_ hashtag: String) -> String {
            ##"{"hashtag":"\##(hashtag)","max_posts":5,"max_comments_per_post":20,"ai_analysis_prompt":"What do people think about the price?"}"##
        }
        // Entries of several hashtags (several slots): stored through one gateway, hits on the other.
        for hashtag in ["booktok", "skincare", "airfryer", "coffeetok"] {
            let stored = try await self.send(first + "/v1/analyze/hashtag", method: .POST, body: body(hashtag), key: stack.key)
            XCTAssertEqual(stored.status, 200, stored.body)
            XCTAssertNil(stored.headers.first(name: "TagPulse-Degraded"))
            let hit = try await self.send(second + "/v1/analyze/hashtag", method: .POST, body: body(hashtag), key: stack.key)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true, hashtag)
        }
        let masters = try self.cluster.nodesTable().filter { $0.isMaster && !$0.isFailed }
        let holding = try masters.filter {
            !(try RedisClusterUnderTest.cli(port: $0.port, ["--scan", "--pattern", stack.keyPrefix + "c:*"])).isEmpty
        }
        XCTAssertGreaterThan(holding.count, 1, "entries spread over masters")

        let purged = try await self.send(second + "/v1/admin/cache/purge", method: .POST, body: #"{"hashtag":"BookTok"}"#, key: stack.key)
        XCTAssertEqual(purged.status, 200, purged.body)
        try await Task.sleep(for: .milliseconds(5))  // marks are compared in whole milliseconds
        let afterPurge = try await self.send(first + "/v1/analyze/hashtag", method: .POST, body: body("booktok"), key: stack.key)
        XCTAssertEqual(afterPurge.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true, "purged on the other instance")

        let created = try await self.send(first + "/v1/admin/keys", method: .POST, body: #"{"name":"acme","tier":"standard"}"#, key: stack.key)
        XCTAssertEqual(created.status, 201, created.body)
        let view = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
        let key = try XCTUnwrap(view["key"] as? String)
        let id = try XCTUnwrap(view["id"] as? String)
        let used = try await self.send(second + "/v1/analyze/hashtag", method: .POST, body: "{}", key: key)
        XCTAssertEqual(used.status, 422, "the new key works on the other instance")
        let revoked = try await self.send(first + "/v1/admin/keys/\(id)", method: .DELETE, key: stack.key)
        XCTAssertEqual(revoked.status, 200)
        let started = ContinuousClock.now
        var status = 0
        while ContinuousClock.now - started < .seconds(1) {
            status = try await self.send(second + "/v1/analyze/hashtag", method: .POST, body: "{}", key: key).status
            if status == 401 { break }
        }
        XCTAssertEqual(status, 401, "revoked through one instance, refused by the other within a second")
    }
}
