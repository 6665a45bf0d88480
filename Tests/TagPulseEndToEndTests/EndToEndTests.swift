import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TagPulseTestSupport
import XCTest

/// The two real binaries over a real socket and real HTTP, as a new user would meet them.
final class EndToEndTests: XCTestCase, @unchecked Sendable {
    var stack: StackProcess!
    /// Created per test in setUp: XCTest instantiates one case object per test method up front, and an
    /// AsyncHTTPClient that is never shut down traps in its deinit.
    var http: HTTPClient!

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
        self.stack = try StackProcess()
        try self.stack.startEngine()
        try self.stack.startGateway()
        try await self.waitForReady(true, within: .seconds(20))
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    func request(_ path: String, method: HTTPMethod = .POST, body: String? = nil, key: String? = nil, headers extra: [(String, String)] = [])
        async throws -> (status: Int, headers: HTTPHeaders, body: String)
    {
        let answer = try await self.http.stackRequest(self.stack.baseURL + path, method: method, body: body, key: key, headers: extra)
        return (answer.status, answer.headers, String(buffer: answer.body))
    }

    func waitForReady(_ ready: Bool, within timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try? await self.request("/readyz", method: .GET).status, (status == 200) == ready { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("readyz never became \(ready ? 200 : 503); gateway log:\n\(self.stack.log("tagpulse-gateway"))")
    }

    let analysisBody =
        ##"{"hashtag":"#skincare","max_posts":4,"max_comments_per_post":30,"ai_analysis_prompt":"What do people think about the price, and would they buy it?"}"##

    func testRealAnalysisOverHTTP() async throws {
        let response = try await self.request(
            "/v1/analyze/hashtag",
            body: self.analysisBody,
            key: self.stack.key,
            headers: [("X-Request-ID", "e2e-1")]
        )
        XCTAssertEqual(response.status, 200, response.body)
        XCTAssertEqual(response.headers.first(name: "X-Request-ID"), "e2e-1")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        let items = try XCTUnwrap(json["comment_analyses"] as? [[String: Any]])
        let metadata = try XCTUnwrap(json["metadata"] as? [String: Any])
        XCTAssertFalse(items.isEmpty)
        XCTAssertEqual(metadata["hashtag_analyzed"] as? String, "skincare")
        XCTAssertEqual(metadata["total_videos_analyzed"] as? Int, 4)
        XCTAssertEqual(metadata["provider"] as? String, "corpus")
        XCTAssertGreaterThan(metadata["total_video_plays"] as? Int ?? 0, 0)
        XCTAssertGreaterThan(metadata["comments_api_calls"] as? Int ?? 0, 0)
        for item in items {
            XCTAssertNotEqual(item["date"] as? String, "2024-01-01T00:00:00Z")
            XCTAssertTrue((item["video_url"] as? String)?.hasPrefix("https://") ?? false)
            XCTAssertTrue(["positive", "negative", "neutral"].contains(item["sentiment"] as? String ?? ""))
            XCTAssertLessThanOrEqual((item["quote"] as? String ?? "").count, 200)
        }
        // The engine logged the same request id.
        XCTAssertTrue(self.stack.log("tagpulse-engine").contains("e2e-1"))

        let legacy = try await self.request("/analyze-tiktok-hashtags", body: self.analysisBody, key: self.stack.key)
        XCTAssertEqual(legacy.status, 200)
        let unknown = try await self.request(
            "/v1/analyze/hashtag",
            body: #"{"hashtag":"nosuchtagatall","ai_analysis_prompt":"What do people think?"}"#,
            key: self.stack.key
        )
        XCTAssertEqual(unknown.status, 404, unknown.body)
        XCTAssertTrue(unknown.body.contains("TARGET_NOT_FOUND"))
    }

    func testAuthAndBodyLimits() async throws {
        let missing = try await self.request("/v1/analyze/hashtag", body: self.analysisBody)
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.headers.first(name: "Content-Type"), "application/problem+json")
        let wrong = try await self.request("/v1/analyze/hashtag", body: self.analysisBody, key: "tp_wrong_key_0123456789abcdef")
        XCTAssertEqual(wrong.status, 401)

        // 10 MB announced by Content-Length: refused before the body is read.
        let started = ContinuousClock.now
        let huge = String(repeating: "a", count: 10 << 20)
        let tooLarge = try await self.request("/v1/analyze/hashtag", body: #"{"hashtag":"x","ai_analysis_prompt":"\#(huge)"}"#, key: self.stack.key)
        XCTAssertEqual(tooLarge.status, 413)
        XCTAssertTrue(tooLarge.body.contains("PAYLOAD_TOO_LARGE"))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
    }

    /// A body without Content-Length (chunked) is refused while it is read: 413 problem+json, never a 500 (the proof
    /// harness found NIO's too-many-bytes error reaching the client as INTERNAL_ERROR).
    func testAChunkedBodyOverTheLimitIsA413Problem() async throws {
        for path in ["/v1/analyze/hashtag", "/v1/admin/keys"] {
            var request = HTTPClientRequest(url: self.stack.baseURL + path)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(self.stack.key)")
            request.headers.add(name: "Content-Type", value: "application/json")
            let (chunks, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
            for _ in 0..<9 { continuation.yield(ByteBuffer(string: String(repeating: "a", count: 8 << 10))) }  // 72 KiB > 64 KiB
            continuation.finish()
            request.body = .stream(chunks, length: .unknown)
            let response = try await self.http.execute(request, timeout: .seconds(30))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            XCTAssertEqual(response.status.code, 413, "\(path): \(body)")
            XCTAssertEqual(response.headers.first(name: "Content-Type"), "application/problem+json", path)
            XCTAssertTrue(body.contains("PAYLOAD_TOO_LARGE"), "\(path): \(body)")
        }
    }

    func testEngineDeathIsA503AndRecoveryIsAutomatic() async throws {
        self.stack.killEngine()
        let started = ContinuousClock.now
        let down = try await self.request("/v1/analyze/hashtag", body: self.analysisBody, key: self.stack.key)
        let elapsed = ContinuousClock.now - started
        XCTAssertEqual(down.status, 503, down.body)
        XCTAssertEqual(down.headers.first(name: "Retry-After"), "1")
        XCTAssertTrue(down.body.contains("ENGINE_UNAVAILABLE"))
        XCTAssertLessThan(elapsed, .seconds(1), "a dead engine must be reported at once, not after a timeout")
        try await self.waitForReady(false, within: .seconds(5))

        try self.stack.startEngine()
        try await self.waitForReady(true, within: .seconds(10))
        let again = try await self.request("/v1/analyze/hashtag", body: self.analysisBody, key: self.stack.key)
        XCTAssertEqual(again.status, 200, again.body)
    }

    func testMalformedFrameOnTheEngineSocketCostsOnlyThatConnection() async throws {
        let reply = try await rawEngineExchange(socketPath: self.stack.socketPath, bytes: Array("\u{0}\u{0}\u{0}\u{5}hello".utf8))
        XCTAssertTrue(reply.contains("BAD_FRAME"), reply)
        let after = try await self.request("/v1/analyze/hashtag", body: self.analysisBody, key: self.stack.key)
        XCTAssertEqual(after.status, 200)
    }

    func testReadinessNamesAnUnreachableRedis() async throws {
        _ = self.stack.terminate(self.stack.gateway)
        let redisless = try StackProcess(extraEnvironment: ["TAGPULSE_REDIS_URL": "redis://127.0.0.1:\(try StackProcess.freePort())/0"])
        defer { redisless.stopAll() }
        try redisless.startEngine()
        try redisless.startGateway()
        var status = 0
        var body = ""
        for _ in 0..<100 {
            var request = HTTPClientRequest(url: redisless.baseURL + "/readyz")
            request.method = .GET
            if let response = try? await self.http.execute(request, timeout: .seconds(5)) {
                status = Int(response.status.code)
                body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Rate limiting's `local` degraded mode (the default) serves without a Redis it has lost, but an instance that
        // never reached Redis has nothing to fall back on (no key cached): not ready, naming Redis (GatewayReadinessTests
        // has the degraded answer of an instance that lost it).
        XCTAssertEqual(status, 503, body)
        XCTAssertTrue(body.contains("NOT_READY") && body.contains("not reachable: redis"), body)
        XCTAssertFalse(body.contains("127.0.0.1"), "no addresses in responses")
        // The strict check still needs every dependency.
        var strict = HTTPClientRequest(url: redisless.baseURL + "/readyz?strict=1")
        strict.method = .GET
        let response = try await self.http.execute(strict, timeout: .seconds(5))
        let strictBody = String(buffer: try await response.body.collect(upTo: 1 << 16))
        XCTAssertEqual(response.status.code, 503, strictBody)
        XCTAssertTrue(strictBody.contains("redis"), strictBody)
        XCTAssertFalse(strictBody.contains("127.0.0.1"), "no addresses in responses")
    }

    func testSIGTERMStopsBothCleanly() async throws {
        XCTAssertEqual(self.stack.terminate(self.stack.gateway), 0, self.stack.log("tagpulse-gateway"))
        XCTAssertEqual(self.stack.terminate(self.stack.engine), 0, self.stack.log("tagpulse-engine"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: self.stack.socketPath))
    }
}

/// Writes `bytes` to the engine socket and returns what comes back before the engine closes the connection.
func rawEngineExchange(socketPath: String, bytes: [UInt8]) async throws -> String {
    let (descriptor, connected) = UnixSocketAddress.socket(at: socketPath, connect)
    defer { close(descriptor) }
    guard connected == 0 else { throw StackError("cannot connect to the engine socket") }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &chunk, chunk.count)
        if count <= 0 { break }
        received += chunk[0..<count]
    }
    return String(decoding: received, as: UTF8.self)
}
