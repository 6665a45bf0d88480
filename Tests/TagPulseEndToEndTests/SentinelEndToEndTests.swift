import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// The gateway configured with `TAGPULSE_REDIS_SENTINELS`: it finds the master through a real sentinel, and rate
/// limits and the cache work on it.
final class SentinelEndToEndTests: XCTestCase, @unchecked Sendable {
    func testTheGatewayFindsItsRedisThroughSentinel() async throws {
        let engine = StackProcess.binDirectory.appendingPathComponent("tagpulse-engine").path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: engine), "build the executables first (swift build)")
        try XCTSkipUnless(StackProcess.redisURL != nil && RedisServerProcess.isInstalled, "needs redis-server (scripts/test)")
        let master = try RedisServerProcess()
        let sentinelPort = try RedisServerProcess.freePort()
        let sentinel = try RedisServerProcess(
            configuration: "sentinel monitor tpgw 127.0.0.1 \(master.port) 1\nsentinel down-after-milliseconds tpgw 1000\n",
            sentinel: true,
            port: sentinelPort
        )
        try master.start()
        try sentinel.start()
        let stack = try StackProcess(extraEnvironment: [
            // A URL nothing listens on: only the sentinel can lead the gateway to the master.
            "TAGPULSE_REDIS_URL": "redis://127.0.0.1:1/0",
            "TAGPULSE_REDIS_SENTINELS": "127.0.0.1:\(sentinelPort)",
            "TAGPULSE_REDIS_SENTINEL_MASTER": "tpgw",
        ])
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer {
            stack.stopAll()
            sentinel.stop()
            master.stop()
        }
        do {
            try await self.check(stack, master: master, http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private func check(_ stack: StackProcess, master: RedisServerProcess, http: HTTPClient) async throws {
        try stack.startEngine()
        try stack.startGateway()
        var ready = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            var request = HTTPClientRequest(url: stack.baseURL + "/readyz")
            request.method = .GET
            if let response = try? await http.execute(request, timeout: .seconds(2)) {
                ready = Int(response.status.code)
                if ready == 200 { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(ready, 200, stack.log("tagpulse-gateway"))
        var request = HTTPClientRequest(url: stack.baseURL + "/v1/hashtags/skincare/analysis?prompt=What%20about%20the%20price%3F&max_posts=2")
        request.headers.add(name: "Authorization", value: "Bearer \(stack.key)")
        let response = try await http.execute(request, timeout: .seconds(30))
        XCTAssertEqual(response.status, .ok)
        XCTAssertNil(response.headers.first(name: "TagPulse-Degraded"), "exact decisions on the discovered master")
        XCTAssertEqual(response.headers.first(name: "Cache-Status")?.contains("stored"), true)
        XCTAssertFalse(try master.cli(["KEYS", stack.keyPrefix + "*"]).isEmpty, "limits and the entry live on the master")
    }
}
