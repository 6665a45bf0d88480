import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import XCTest

/// Issue #15 against the real binaries: the published demo key, the engine socket's directory and peer, and an
/// engine answer over the gateway's frame limit.
final class SecurityEndToEndTests: XCTestCase, @unchecked Sendable {
    var stack: StackProcess!
    var http: HTTPClient!
    let demoKey = "tp_dev_local_only_change_me_0000"

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
        self.stack = try StackProcess()
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    func waitForExit(_ process: Process, within seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func status(_ url: String, method: HTTPMethod = .GET, body: String? = nil, key: String? = nil) async -> (Int, String)? {
        guard let answer = try? await self.http.stackRequest(url, method: method, body: body, key: key) else { return nil }
        return (answer.status, String(buffer: answer.body))
    }

    func waitForStatus(_ url: String, _ expected: Int, within timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await self.status(url)?.0 == expected { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func testTheDemoKeyStopsAGatewayOnAPublicListenerAndWorksOnLoopback() async throws {
        try self.stack.startEngine()
        try self.stack.startAnotherGateway(["TAGPULSE_HTTP_HOST": "0.0.0.0", "TAGPULSE_BOOTSTRAP_KEY": self.demoKey])
        let public_ = try XCTUnwrap(self.stack.extraGateways.last?.process)
        XCTAssertEqual(self.waitForExit(public_), 2, "a bad configuration value stops start-up with exit code 2")
        let log = self.stack.log("tagpulse-gateway-2")
        XCTAssertTrue(log.contains("TAGPULSE_BOOTSTRAP_KEY") && log.contains("loopback"), log)
        XCTAssertFalse(log.contains(self.demoKey), "the key is never echoed")

        let loopback = try self.stack.startAnotherGateway(["TAGPULSE_HTTP_HOST": "127.0.0.1", "TAGPULSE_BOOTSTRAP_KEY": self.demoKey])
        let ready = await self.waitForStatus(loopback + "/readyz", 200)
        XCTAssertTrue(ready, self.stack.log("tagpulse-gateway-3"))
        let admin = await self.status(loopback + "/v1/admin/keys", key: self.demoKey)
        XCTAssertEqual(admin?.0, 200, "scripts/run's set-up keeps working")
    }

    func testTheEngineRefusesASocketDirectoryOthersCanWriteTo() throws {
        let directory = "/tmp/tp-e2e-shared-\(UInt32.random(in: 0...UInt32.max))"
        XCTAssertEqual(mkdir(directory, 0o700), 0)
        XCTAssertEqual(chmod(directory, 0o777), 0)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = Process()
        engine.executableURL = StackProcess.binDirectory.appendingPathComponent("tagpulse-engine")
        engine.environment = self.stack.environment.merging(["TAGPULSE_ENGINE_SOCKET": directory + "/engine.sock"]) { _, new in new }
        let output = Pipe()
        engine.standardError = output
        engine.standardOutput = output
        try engine.run()
        let status = self.waitForExit(engine)
        if status == nil { engine.terminate() }
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertNotNil(status, "the engine must not listen in a shared directory")
        XCTAssertNotEqual(status, 0, log)
        XCTAssertTrue(log.contains("writable by its group or others"), log)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/engine.sock"))
    }

    /// A gateway told to expect the engine under another uid uses none of its connections: not ready, and every
    /// analysis is 503 `ENGINE_UNAVAILABLE`; the engine, told to expect gateways under another uid, closes them.
    func testBothSidesRefuseAPeerOfAnotherUID() async throws {
        let foreign = geteuid() == 54_321 ? "54322" : "54321"
        try self.stack.startEngine()
        let gateway = try self.stack.startAnotherGateway(["TAGPULSE_ENGINE_UID": foreign])
        let notReady = await self.waitForStatus(gateway + "/readyz", 503)
        XCTAssertTrue(notReady)
        try await Task.sleep(for: .milliseconds(500))
        let body = #"{"hashtag":"skincare","max_posts":2,"ai_analysis_prompt":"What do people think about the price?"}"#
        let analysis = await self.status(gateway + "/v1/analyze/hashtag", method: .POST, body: body, key: self.stack.key)
        XCTAssertEqual(analysis?.0, 503, analysis?.1 ?? "")
        XCTAssertTrue(analysis?.1.contains("ENGINE_UNAVAILABLE") ?? false, analysis?.1 ?? "")
        XCTAssertTrue(self.stack.log("tagpulse-gateway-2").contains("ENGINE_PEER_REJECTED"), self.stack.log("tagpulse-gateway-2"))

        self.stack.stopAll()
        self.stack = try StackProcess(extraEnvironment: ["TAGPULSE_ENGINE_GATEWAY_UID": foreign])
        try self.stack.startEngine()
        try self.stack.startGateway()
        let refused = await self.waitForStatus(self.stack.baseURL + "/readyz", 503)
        XCTAssertTrue(refused)
        try await Task.sleep(for: .milliseconds(500))
        XCTAssertTrue(self.stack.log("tagpulse-engine").contains("engine.connection.peer_rejected"), self.stack.log("tagpulse-engine"))
    }

    /// An answer over the gateway's frame limit costs its own call a 502 `RESULT_TOO_LARGE`; the connection stays.
    func testAResultOverTheGatewaysFrameLimitFailsOnlyItsCall() async throws {
        try self.stack.startEngine()
        let gateway = try self.stack.startAnotherGateway(["TAGPULSE_ENGINE_MAX_FRAME_BYTES": "4096", "TAGPULSE_ENGINE_POOL_SIZE": "1"])
        let ready = await self.waitForStatus(gateway + "/readyz", 200)
        XCTAssertTrue(ready, self.stack.log("tagpulse-gateway-2"))
        let body = #"{"hashtag":"skincare","max_posts":5,"ai_analysis_prompt":"What do people think about the price?"}"#
        let analysis = await self.status(gateway + "/v1/analyze/hashtag", method: .POST, body: body, key: self.stack.key)
        XCTAssertEqual(analysis?.0, 502, analysis?.1 ?? "")
        XCTAssertTrue(analysis?.1.contains("RESULT_TOO_LARGE") ?? false, analysis?.1 ?? "")
        let stillReady = await self.status(gateway + "/readyz")
        XCTAssertEqual(stillReady?.0, 200, "the one engine connection is still up")
        XCTAssertFalse(self.stack.log("tagpulse-gateway-2").contains("gateway.engine.disconnected"))
    }
}
