import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TagPulseTestSupport
import XCTest

/// A real gateway and engine on a private Redis Cluster (3 masters + 3 replicas, `cluster-node-timeout` 2000 ms,
/// started by the test so killing a node leaves the shared cluster of `scripts/test` whole), serving cache hits and
/// misses while the master of the client's rate-limit windows is killed (SIGKILL): no 5xx, degraded answers only
/// as documented (`TagPulse-Degraded: ratelimit=local`), and every answer exact again within 10 s. The measured
/// time is printed (`cluster failover (gateway): …`) and recorded in README "Running several gateways".
final class ClusterFailoverEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!

    override func setUp() async throws {
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        try await self.http?.shutdown()
        self.http = nil
    }

    private final class Answers: Sendable {
        let list = Mutex<[Answer]>([])
    }

    /// An analysis of `hashtag`; another `question` is another cache entry (a miss).
    static func body(_ hashtag: String, question: Int = 0) -> String {
        ##"{"hashtag":"\##(hashtag)","max_posts":5,"max_comments_per_post":20,"ai_analysis_prompt":"What do people think? (\##(question))"}"##
    }

    struct Answer: Sendable {
        var sent: ContinuousClock.Instant
        var received: ContinuousClock.Instant
        var sinceKill: Duration = .zero
        var status: Int
        var degraded: String?
        var cacheStatus: String?
        var hitExpected: Bool

        /// 200, decided by Redis, and a stored entry served as a hit.
        var isExact: Bool {
            self.status == 200 && self.degraded == nil && (!self.hitExpected || self.cacheStatus?.hasPrefix("TagPulse; hit") == true)
        }
    }

    func testAMasterKilledUnderTrafficIsServedExactlyAgainWithin10Seconds() async throws {
        try StackProcess.skipUnlessRunnable()
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        let cluster = try RedisClusterProcess()
        defer { cluster.stop() }
        try cluster.start()
        let stack = try await StackProcess.started(
            environment: [
                "TAGPULSE_REDIS_URL": "redis://127.0.0.1:1/0", "TAGPULSE_REDIS_CLUSTER_NODES": cluster.nodeList,
                "TAGPULSE_RATELIMIT_TIERS": "test", "TAGPULSE_RATELIMIT_TIER_TEST_REQUESTS": "100000/min",
                "TAGPULSE_RATELIMIT_TIER_TEST_ANALYSES": "100000/min", "TAGPULSE_AUTH_BOOTSTRAP_TIER": "test",
                // Debug builds on two shared cores: only a dead master should degrade a decision, not a slow one.
                "TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "1000",
            ],
            http: self.http
        )
        defer { stack.stopAll() }
        let http = self.http!
        let url = stack.baseURL + "/v1/analyze/hashtag"
        // Entries on several masters, then the master of the client's windows (every request's decision) found.
        let stored = ["booktok", "skincare", "airfryer", "coffeetok"]
        for hashtag in stored {
            let answer = try await http.stackRequest(url, method: .POST, body: Self.body(hashtag), key: stack.key, timeout: .seconds(60))
            XCTAssertEqual(answer.status, 200, String(buffer: answer.body))
        }
        let view = cluster.underTest
        let masters = try view.nodesTable().filter { $0.isMaster && !$0.isFailed }
        let windowsMaster = try XCTUnwrap(
            try masters.first { !(try RedisServerProcess.cli(port: $0.port, ["--scan", "--pattern", stack.keyPrefix + "rl:{client:*"])).isEmpty },
            "the client's rate-limit windows on a master"
        )
        try await Task.sleep(for: .milliseconds(500))  // replication on loopback

        let answers = Answers()
        var killedAt: ContinuousClock.Instant?
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Four clients in a loop: hits on the stored hashtags, and a miss (a new question) every fourth request.
            for worker in 0..<4 {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now - started < .seconds(14) {
                        count += 1
                        let miss = count % 4 == 0
                        let hashtag = stored[(worker + count) % stored.count]
                        let question = miss ? worker * 100_000 + count : 0
                        let sent = ContinuousClock.now
                        let answer = try? await http.stackRequest(
                            url,
                            method: .POST,
                            body: Self.body(hashtag, question: question),
                            key: stack.key,
                            timeout: .seconds(30)
                        )
                        answers.list.withLock {
                            $0.append(
                                Answer(
                                    sent: sent,
                                    received: ContinuousClock.now,
                                    status: answer?.status ?? 0,
                                    degraded: answer?.headers.first(name: "TagPulse-Degraded"),
                                    cacheStatus: answer?.headers.first(name: "Cache-Status"),
                                    hitExpected: !miss
                                )
                            )
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            try await Task.sleep(for: .seconds(1))
            killedAt = ContinuousClock.now
            cluster.server(port: windowsMaster.port)?.kill()
            try await group.waitForAll()
        }
        let killed = try XCTUnwrap(killedAt)
        let all = answers.list.withLock { $0 }.map { answer in
            var answer = answer
            answer.sinceKill = answer.sent - killed
            return answer
        }
        let afterKill = all.filter { $0.sinceKill > .zero }
        XCTAssertEqual(all.filter { $0.status >= 500 || $0.status == 0 }.count, 0, "no 5xx, no failed request: \(Set(all.map(\.status)))")
        // Answered before the kill (one sent just before it may be decided after it).
        let inexactBefore = all.filter { $0.received < killed && !$0.isExact }
        XCTAssertEqual(inexactBefore.count, 0, "exact before the kill: \(inexactBefore.prefix(5))")
        let degraded = Set(afterKill.compactMap(\.degraded))
        XCTAssertTrue(degraded.isSubset(of: ["ratelimit=local"]), "only the documented degraded mode: \(degraded)")
        XCTAssertFalse(degraded.isEmpty, "the killed master held every decision")
        // Recovered: the first request after which every answer sent is exact again.
        let lastInexact = afterKill.filter { !$0.isExact }.map(\.sinceKill).max() ?? .zero
        let recovered = afterKill.map(\.sinceKill).filter { $0 > lastInexact }.min()
        let recovery = try XCTUnwrap(recovered, "never exact again after the kill")
        XCTAssertLessThan(recovery, .seconds(10))
        print(
            "cluster failover (gateway): exact again \(recovery) after the master was killed; \(afterKill.count) answers after the kill, \(afterKill.filter { $0.degraded != nil }.count) degraded, 0 5xx"
        )
    }
}
