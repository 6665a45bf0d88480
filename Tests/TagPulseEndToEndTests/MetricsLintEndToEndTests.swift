import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// `promtool check metrics` (Prometheus's own linter: HELP and TYPE on every family, counters ending `_total`, base
/// units in names, no duplicate families) on what a real gateway and its real engine expose after traffic, and
/// again once the engine is gone. `scripts/test` provides promtool (TAGPULSE_PROMTOOL); without it the test skips.
final class MetricsLintEndToEndTests: XCTestCase, @unchecked Sendable {
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

    /// TAGPULSE_PROMTOOL, else `promtool` on PATH, else the one `scripts/test` unpacks into `.build/tools`.
    static func promtool() -> String? {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["TAGPULSE_PROMTOOL"]].compactMap { $0 }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/promtool" }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/tools/usr/bin/promtool").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `promtool check metrics` on `exposition`; its exit status and everything it printed.
    func check(_ exposition: String, with promtool: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }

    func send(_ url: String, method: HTTPMethod = .GET, body: String? = nil, key: String? = nil) async throws -> (status: Int, body: String) {
        let answer = try await self.http.stackRequest(url, method: method, body: body, key: key)
        return (answer.status, String(buffer: answer.body))
    }

    func testPromtoolFindsNothingInEitherProcesssMetrics() async throws {
        guard let promtool = Self.promtool() else {
            throw XCTSkip(
                "promtool not found: scripts/test unpacks it into .build/tools (or install Debian's prometheus package, or set TAGPULSE_PROMTOOL)"
            )
        }
        let metricsPort = try StackProcess.freePort()
        let stack = try await StackProcess.started(
            environment: ["TAGPULSE_METRICS_PORT": String(metricsPort)],
            http: self.http,
            readyWithin: .seconds(30)
        )
        self.stacks.append(stack)

        // Traffic that creates every family: a miss, a hit, a refusal, an engine error, an unmatched path, a warm-up.
        let query = "/v1/hashtags/skincare/analysis?max_posts=3&prompt=What%20about%20the%20price%3F"
        let miss = try await self.send(stack.baseURL + query, key: stack.key)
        XCTAssertEqual(miss.status, 200, miss.body + stack.log("tagpulse-gateway"))
        _ = try await self.send(stack.baseURL + query, key: stack.key)
        _ = try await self.send(stack.baseURL + "/v1/hashtags/nosuchtagatall/analysis?max_posts=3&prompt=What%20about%20it%3F", key: stack.key)
        _ = try await self.send(stack.baseURL + "/v1/analyze/hashtag", method: .POST, body: "{}")
        _ = try await self.send(stack.baseURL + "/no/such/path")
        let warm = #"{"items":[{"kind":"hashtag","hashtag":"booktok","max_posts":3,"ai_analysis_prompt":"What about the price?"}]}"#
        let queued = try await self.send(stack.baseURL + "/v1/admin/warm", method: .POST, body: warm, key: stack.key)
        XCTAssertEqual(queued.status, 202, queued.body)
        let metricsURL = "http://127.0.0.1:\(metricsPort)/metrics"
        var metrics = ""
        let warmDeadline = ContinuousClock.now + .seconds(20)
        repeat {
            metrics = try await self.send(metricsURL).body
            if metrics.contains("tagpulse_warm_items_total{") { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < warmDeadline
        XCTAssertTrue(metrics.contains("tagpulse_engine_up 1"), metrics)
        XCTAssertTrue(metrics.contains("tagpulse_warm_items_total{"), metrics)
        XCTAssertTrue(metrics.contains("\nprocess_start_time_seconds "), "the gateway's process metrics")
        for family in ["cpu_seconds_total", "resident_memory_bytes", "open_fds", "start_time_seconds"] {
            XCTAssertTrue(metrics.contains("\ntagpulse_engine_process_\(family) "), "the engine's process_\(family):\n\(metrics)")
        }
        let live = try self.check(metrics, with: promtool)
        XCTAssertEqual(live.status, 0, live.output)
        XCTAssertEqual(live.output, "", "promtool check metrics:\n\(live.output)")

        // The engine gone: its families are absent, `tagpulse_engine_up` is 0, and the text is still clean.
        stack.killEngine()
        let down = try await self.send(metricsURL).body
        XCTAssertTrue(down.contains("tagpulse_engine_up 0"), down)
        let offline = try self.check(down, with: promtool)
        XCTAssertEqual(offline.status, 0, offline.output)
        XCTAssertEqual(offline.output, "", "promtool check metrics:\n\(offline.output)")
    }
}
