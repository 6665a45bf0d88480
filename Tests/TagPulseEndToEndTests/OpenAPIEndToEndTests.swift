import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// The real binaries serve their OpenAPI document, and their real answers conform to it: the document, health,
/// analysis misses and hits (the hit path on the event loop included), the legacy paths, admin keys, and a 401, a
/// 422 and a 429. The engine uses the synthetic provider, so every kind of target (searches too) has videos.
final class OpenAPIEndToEndTests: XCTestCase, @unchecked Sendable {
    var stack: StackProcess!
    var http: HTTPClient!
    var contract: OpenAPIContract!

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
        self.stack = try StackProcess(extraEnvironment: [
            "TAGPULSE_PROVIDER": "synthetic",
            "TAGPULSE_RATELIMIT_TIERS": "free,standard,internal,tiny",
            "TAGPULSE_RATELIMIT_TIER_TINY_REQUESTS": "2/min",
            // Debug builds on a busy machine can miss the 25 ms default; the 429 below should be Redis's own decision.
            "TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "2000",
        ])
        try self.stack.startEngine()
        try self.stack.startGateway()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let ready = try? await self.send("/readyz"), ready.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("the gateway never became ready: \(self.stack.log("tagpulse-gateway"))")
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { self.headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var json: JSON? { try? JSON.parse(self.body) }
    }

    func send(_ path: String, method: HTTPMethod = .GET, body: String? = nil, key: String? = nil, headers: [(String, String)] = []) async throws
        -> Answer
    {
        let answer = try await self.http.stackRequest(
            self.stack.baseURL + path,
            method: method,
            body: body,
            key: key,
            headers: headers,
            timeout: .seconds(60)
        )
        return Answer(status: answer.status, headers: answer.headers.map { ($0.name, $0.value) }, body: Array(answer.body.readableBytesView))
    }

    /// Sends the request, asserts its status, and validates the answer against the served document.
    @discardableResult
    func exchange(
        _ path: String,
        method: HTTPMethod = .GET,
        body: String? = nil,
        key: String? = nil,
        headers: [(String, String)] = [],
        expect status: Int,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws -> Answer {
        let answer = try await self.send(path, method: method, body: body, key: key, headers: headers)
        XCTAssertEqual(
            answer.status,
            status,
            "\(method) \(path): \(String(decoding: answer.body.prefix(300), as: UTF8.self))",
            file: file,
            line: line
        )
        let problems = self.contract.check(method: method.rawValue, path: path, status: answer.status, headers: answer.headers, body: answer.body)
        XCTAssertEqual(problems, [], "\(method) \(path)", file: file, line: line)
        return answer
    }

    func testRealResponsesConformToTheServedDocument() async throws {
        let document = try await self.send("/openapi.json")
        XCTAssertEqual(document.status, 200)
        XCTAssertEqual(document.header("Content-Type"), "application/json")
        self.contract = try OpenAPIContract(data: document.body)
        let etag = try XCTUnwrap(document.header("ETag"))
        try await self.exchange("/openapi.json", expect: 200)
        try await self.exchange("/openapi.json", headers: [("If-None-Match", etag)], expect: 304)
        for path in ["/healthz", "/readyz", "/health", "/"] { try await self.exchange(path, expect: 200) }

        let key = self.stack.key
        let prompt = "What do people think about the price, and would they buy it?"
        let body = ##"{"hashtag":"#SkinCare","max_posts":3,"max_comments_per_post":20,"ai_analysis_prompt":"\##(prompt)"}"##
        let miss = try await self.exchange("/v1/analyze/hashtag", method: .POST, body: body, key: key, expect: 200)
        XCTAssertEqual(miss.header("Cache-Status"), "TagPulse; fwd=uri-miss; fwd-status=200; stored")
        XCTAssertFalse(miss.json?["comment_analyses"]?.array?.isEmpty ?? true)
        let hit = try await self.exchange("/v1/analyze/hashtag", method: .POST, body: body, key: key, expect: 200)
        XCTAssertTrue(hit.header("Cache-Status")?.hasPrefix("TagPulse; hit") == true, hit.header("Cache-Status") ?? "none")
        let getForm =
            "/v1/hashtags/skincare/analysis?max_posts=3&max_comments_per_post=20&prompt="
            + prompt.replacingOccurrences(of: " ", with: "+")
            .replacingOccurrences(of: "?", with: "%3F").replacingOccurrences(of: ",", with: "%2C")
        // Twice: the second is a fresh hit by a key the instance has cached, answered on the event loop.
        try await self.exchange(getForm, key: key, expect: 200)
        let eventLoopHit = try await self.exchange(getForm, key: key, expect: 200)
        XCTAssertTrue(eventLoopHit.header("Cache-Status")?.hasPrefix("TagPulse; hit") == true)
        try await self.exchange(getForm, key: key, headers: [("If-None-Match", try XCTUnwrap(hit.header("ETag")))], expect: 304)

        let legacy = [
            ("/analyze-tiktok-hashtags", #"{"hashtag":"booktok","max_posts":2,"max_comments_per_post":10,"ai_analysis_prompt":"\#(prompt)"}"#),
            ("/analyze-tiktok-accounts", #"{"username":"@chefmarco","max_posts":"2","max_comments_per_post":10}"#),
            ("/analyze-tiktok-search", #"{"search_terms":["air fryer"],"max_posts":2,"max_comments_per_post":10,"ai_analysis_prompt":"\#(prompt)"}"#),
        ]
        for (path, body) in legacy { try await self.exchange(path, method: .POST, body: body, key: key, expect: 200) }

        let created = try await self.exchange(
            "/v1/admin/keys",
            method: .POST,
            body: #"{"name":"openapi e2e","tier":"tiny","scopes":["analyze"]}"#,
            key: key,
            expect: 201
        )
        try await self.exchange("/v1/admin/keys", key: key, expect: 200)

        let unauthorized = try await self.exchange("/v1/analyze/hashtag", method: .POST, body: body, expect: 401)
        XCTAssertEqual(unauthorized.json?["code"], .string("UNAUTHORIZED"))
        let invalid = try await self.exchange(
            "/v1/analyze/hashtag",
            method: .POST,
            body: #"{"hashtag":"bad tag!","max_posts":0}"#,
            key: key,
            expect: 422
        )
        XCTAssertEqual(invalid.json?["errors"]?.array?.count, 3)

        let tiny = try XCTUnwrap(created.json?["key"]?.string)
        try await self.exchange(getForm, key: tiny, expect: 200)
        try await self.exchange(getForm, key: tiny, expect: 200)
        let limited = try await self.exchange(getForm, key: tiny, expect: 429)
        XCTAssertEqual(limited.json?["violated_policies"], .array([.string("requests-60s")]))
    }
}
