import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// `tagpulse warm` (the real binary) against real gateways and a real engine: a job warms the cache, a second run
/// finds everything fresh, the analyses that follow are hits, failures give exit 1 with reasons, and any gateway
/// reports the same job.
final class WarmEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?
    static let prompt = "What do people think about the price, and would they buy it?"

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    func start(_ environment: [String: String] = [:], gateways: Int = 1) async throws -> StackProcess {
        let stack = try StackProcess(extraEnvironment: environment)
        self.stack = stack
        try stack.startEngine()
        try stack.startGateway()
        for _ in 1..<gateways { try stack.startAnotherGateway() }
        for url in stack.gatewayURLs {
            let deadline = ContinuousClock.now + .seconds(20)
            while true {
                if let response = try? await self.get(url + "/readyz"), response.status == 200 { break }
                guard ContinuousClock.now < deadline else {
                    throw StackError("gateway at \(url) never became ready: \(stack.log("tagpulse-gateway"))")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        return stack
    }

    func get(_ url: String, key: String? = nil) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        let answer = try await self.http.stackRequest(url, key: key)
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    func post(_ url: String, _ body: String, key: String) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        let answer = try await self.http.stackRequest(url, method: .POST, body: body, key: key)
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    /// Runs `tagpulse warm` with `arguments`, the targets on standard input (a pipe: plain output, no bar).
    func warm(
        _ stack: StackProcess,
        _ arguments: [String],
        input: String,
        interruptAfter: Duration? = nil
    ) async throws -> (status: Int32, output: String, errors: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = StackProcess.binDirectory.appendingPathComponent("tagpulse")
                        process.arguments = ["warm"] + arguments
                        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") }
                        environment["TAGPULSE_GATEWAY_URL"] = stack.baseURL
                        environment["TAGPULSE_API_KEY"] = stack.key
                        process.environment = environment
                        let output = Pipe()
                        let errors = Pipe()
                        let standardInput = Pipe()
                        process.standardOutput = output
                        process.standardError = errors
                        process.standardInput = standardInput
                        try process.run()
                        standardInput.fileHandleForWriting.write(Data(input.utf8))
                        try standardInput.fileHandleForWriting.close()
                        if let interruptAfter {
                            Thread.sleep(forTimeInterval: Double(interruptAfter.components.seconds))
                            process.interrupt()  // SIGINT, as Ctrl-C
                        }
                        let outputData = output.fileHandleForReading.readDataToEndOfFile()
                        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
                    }
                )
            }
        }
    }

    /// Analyses the engine ran, from its log.
    func engineAnalyses(_ stack: StackProcess) -> Int {
        stack.log("tagpulse-engine").split(separator: "\n").filter {
            $0.contains("engine.analysis.completed") || $0.contains("engine.analysis.failed")
        }.count
    }

    func testFiftyHashtagsAreWarmedThenFreshThenServedAsHits() async throws {
        // The synthetic provider has data for any hashtag (the offline corpus has 30).
        let stack = try await self.start(["TAGPULSE_PROVIDER": "synthetic"])
        let tags = (1...50).map { "warmtag\($0)" }
        let input = "# fifty synthetic hashtags\n" + tags.map { "#\($0)" }.joined(separator: "\n") + "\n"
        let arguments = ["--max-posts", "2", "--prompt", Self.prompt, "--poll-ms", "100"]

        let first = try await self.warm(stack, arguments, input: input)
        XCTAssertEqual(first.status, 0, first.output + first.errors)
        XCTAssertTrue(first.output.contains("50 items, 50 warmed, 0 already fresh, 0 failed"), first.output)
        XCTAssertEqual(first.output.split(separator: "\n").filter { $0.hasPrefix("warmed  hashtag warmtag") }.count, 50)
        XCTAssertFalse((first.output + first.errors).contains(stack.key), "the key is never printed")

        let second = try await self.warm(stack, arguments, input: input)
        XCTAssertEqual(second.status, 0, second.output + second.errors)
        XCTAssertTrue(second.output.contains("50 items, 0 warmed, 50 already fresh, 0 failed"), second.output)

        let query = "prompt=\(Self.prompt.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&max_posts=2"
        for tag in tags {
            let hit = try await self.get("\(stack.baseURL)/v1/hashtags/\(tag)/analysis?\(query)", key: stack.key)
            XCTAssertEqual(hit.status, 200, hit.body)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true, "\(tag): \(hit.headers)")
        }
        for tag in tags.prefix(5) {
            let body = #"{"hashtag":"\#(tag)","max_posts":2,"ai_analysis_prompt":"\#(Self.prompt)"}"#
            let hit = try await self.post(stack.baseURL + "/v1/analyze/hashtag", body, key: stack.key)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true, "\(tag): \(hit.headers)")
        }
        try await Task.sleep(for: .milliseconds(300))  // the engine's log line is written after its answer
        XCTAssertEqual(self.engineAnalyses(stack), 50, "one engine call per hashtag, none on the second run or the hits")
        // Usage: the warm-up's engine calls are the `_warm` account's; the client's are the hits it asked for.
        XCTAssertEqual(stack.terminate(stack.gateway), 0)
        let report = try stack.usageReport()
        XCTAssertEqual(StackProcess.figures(report, client: "_warm")?["engine_calls"], 50)
        XCTAssertEqual(StackProcess.figures(report, client: "_warm")?["requests"], 0)
        XCTAssertEqual(StackProcess.figures(report, client: "bootstrap")?["requests"], 55)
        XCTAssertEqual(StackProcess.figures(report, client: "bootstrap")?["hits_fresh"], 55)
        XCTAssertEqual(StackProcess.figures(report, client: "bootstrap")?["engine_calls"], 0)
    }

    func testFailedItemsExitWith1AndNameTheirReasonAndAnotherGatewayReportsTheSameJob() async throws {
        let stack = try await self.start(gateways: 2)
        let result = try await self.warm(stack, ["--max-posts", "3", "--prompt", Self.prompt], input: "skincare\nbooktok\nnosuchtagatall\n")
        XCTAssertEqual(result.status, 1, result.output + result.errors)
        XCTAssertTrue(result.output.contains("3 items, 2 warmed, 0 already fresh, 1 failed"), result.output)
        XCTAssertTrue(result.output.contains("line 3: hashtag nosuchtagatall: TARGET_NOT_FOUND"), result.output)
        XCTAssertTrue(result.output.contains("failed  hashtag nosuchtagatall: TARGET_NOT_FOUND"), result.output)

        let jobLine = try XCTUnwrap(result.output.split(separator: "\n").first { $0.hasPrefix("job wj_") && $0.contains("queued") })
        let jobID = String(jobLine.dropFirst(4).prefix(25))
        let views = try await stack.gatewayURLs.asyncMap { url in try await self.get("\(url)/v1/admin/warm/\(jobID)", key: stack.key) }
        for view in views {
            XCTAssertEqual(view.status, 200, view.body)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(view.body.utf8)) as? [String: Any])
            XCTAssertEqual(json["job_id"] as? String, jobID)
            XCTAssertEqual(json["status"] as? String, "done")
            XCTAssertEqual(json["failed"] as? Int, 1)
            let items = try XCTUnwrap(json["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["status"] as? String }, ["warmed", "warmed", "failed"])
            XCTAssertEqual((items[2]["error"] as? [String: String])?["code"], "TARGET_NOT_FOUND")
        }
        XCTAssertEqual(views[0].body, views[1].body, "the second gateway reports exactly what the first does")
        let unknown = try await self.get("\(stack.gatewayURLs[1])/v1/admin/warm/wj_0000000000000000000000", key: stack.key)
        XCTAssertEqual(unknown.status, 404)
        XCTAssertTrue(unknown.body.contains("WARM_JOB_NOT_FOUND"))
    }
}

extension WarmEndToEndTests {
    /// `--detach` queues and returns; `--attach` follows the job; Ctrl-C asks the gateway to cancel it: the item in
    /// flight finishes, the others are never started, and the job ends `cancelled`.
    func testDetachAttachAndCtrlCCancelsTheJob() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            let stack = try await self.start(["TIKTOK_RAPIDAPI_KEY": fake.key, "TIKTOK_RAPIDAPI_HOST": "fake.rapidapi.host", "TIKTOK_BASE_URL": base])
            let options = ["--concurrency", "1", "--max-posts", "1", "--prompt", Self.prompt]
            let detached = try await self.warm(stack, ["--detach"] + options, input: "slowtag1\nslowtag2\nslowtag3\nslowtag4\n")
            XCTAssertEqual(detached.status, 0, detached.output + detached.errors)
            let jobLine = try XCTUnwrap(detached.output.split(separator: "\n").first { $0.hasPrefix("job wj_") })
            let jobID = String(jobLine.dropFirst(4).prefix(25))
            XCTAssertTrue(detached.output.contains("tagpulse warm --attach \(jobID)"), detached.output)

            // Each slowtag feed answers after 3 s: interrupt while the first item runs.
            let attached = try await self.warm(stack, ["--attach", jobID, "--poll-ms", "100"], input: "", interruptAfter: .seconds(1))
            XCTAssertEqual(attached.status, 1, attached.output + attached.errors)
            XCTAssertTrue(attached.output.contains("cancelling job \(jobID)"), attached.output)
            XCTAssertTrue(attached.output.contains("job \(jobID) cancelled: 4 items"), attached.output)
            let view = try await self.get("\(stack.baseURL)/v1/admin/warm/\(jobID)", key: stack.key)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(view.body.utf8)) as? [String: Any])
            XCTAssertEqual(json["status"] as? String, "cancelled")
            let statuses = (json["items"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
            XCTAssertEqual(Array(statuses.suffix(2)), ["cancelled", "cancelled"], "\(statuses)")
            XCTAssertTrue(stack.log("tagpulse-gateway").contains("gateway.warm.cancel_requested"))
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
