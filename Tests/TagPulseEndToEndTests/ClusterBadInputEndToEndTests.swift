import AsyncHTTPClient
import Foundation
import TagPulseTestSupport
import XCTest

/// `redis.cluster_nodes` that cannot serve (issue #16, bad input): seeds nothing listens on, a Redis not in cluster
/// mode, a cluster node whose cluster leaves slots uncovered. The real gateway starts and stays up (never a crash),
/// its strict readiness fails, and its log names the setting and the node.
final class ClusterBadInputEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!

    override func setUp() async throws {
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        try await self.http?.shutdown()
        self.http = nil
    }

    /// Starts an engine and a gateway on `nodes`; returns the strict readiness status and the gateway's log once the
    /// log names the problem (≤ 10 s), the gateway still running.
    func gatewayOn(_ nodes: String, naming node: String) async throws -> (status: Int, body: String, log: String) {
        let stack = try StackProcess(extraEnvironment: ["TAGPULSE_REDIS_URL": "redis://127.0.0.1:1/0", "TAGPULSE_REDIS_CLUSTER_NODES": nodes])
        defer { stack.stopAll() }
        let http = self.http!
        try stack.startEngine()
        try stack.startGateway()
        let deadline = ContinuousClock.now + .seconds(10)
        var log = ""
        var answer: (status: Int, body: String) = (0, "")
        while ContinuousClock.now < deadline {
            log = stack.log("tagpulse-gateway")
            if let ready = try? await http.stackRequest(stack.baseURL + "/readyz?strict=1", timeout: .seconds(2)) {
                answer = (ready.status, String(buffer: ready.body))
                if log.contains("redis.cluster.unhealthy") && log.contains(node) { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(stack.gateway?.isRunning, true, "the gateway is still running:\n\(log)")
        return (answer.status, answer.body, log)
    }

    func assertNamed(
        _ result: (status: Int, body: String, log: String),
        node: String,
        reason: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(result.status, 503, "strict readiness fails: \(result.body)", file: file, line: line)
        let warning = result.log.split(separator: "\n").first { $0.contains("redis.cluster.unhealthy") }.map(String.init) ?? ""
        XCTAssertTrue(warning.contains("redis.cluster_nodes"), "the warning names the setting: \(result.log)", file: file, line: line)
        XCTAssertTrue(warning.contains(node), "the warning names the node \(node): \(warning)", file: file, line: line)
        XCTAssertTrue(warning.contains(reason), "the warning says why (\(reason)): \(warning)", file: file, line: line)
    }

    func testAnUnreachableSeedListFailsReadinessNamingTheSettingAndTheNode() async throws {
        try StackProcess.skipUnlessRunnable()
        let node = "127.0.0.1:\(try RedisServerProcess.freePort())"
        let result = try await self.gatewayOn(node, naming: node)
        self.assertNamed(result, node: node, reason: node)
    }

    func testARedisNotInClusterModeFailsReadinessNamingTheSettingAndTheNode() async throws {
        try StackProcess.skipUnlessRunnable()
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        let plain = try RedisServerProcess()
        defer { plain.stop() }
        try plain.start()
        let node = "127.0.0.1:\(plain.port)"
        let result = try await self.gatewayOn(node, naming: node)
        self.assertNamed(result, node: node, reason: "not in cluster mode")
    }

    func testAClusterWithUncoveredSlotsFailsReadinessNamingTheSettingAndTheNode() async throws {
        try StackProcess.skipUnlessRunnable()
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        // One node in cluster mode serving half the slots: a cluster that is not whole.
        let half = try RedisServerProcess(extraArguments: [
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", String(try RedisServerProcess.freePort()),
        ])
        defer { half.stop() }
        try half.start()
        XCTAssertEqual(try half.cli(["CLUSTER", "ADDSLOTSRANGE", "0", "8191"]), "OK")
        let node = "127.0.0.1:\(half.port)"
        let result = try await self.gatewayOn(node, naming: node)
        self.assertNamed(result, node: node, reason: "uncovered slots: 8192")
    }
}
