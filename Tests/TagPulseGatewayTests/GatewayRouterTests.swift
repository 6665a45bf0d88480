import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import TagPulseGateway
import TagPulseSettings
import TagPulseWire
import XCTest

/// The HTTP contract without sockets: routes, auth, validation, problem+json, headers.
final class GatewayRouterTests: XCTestCase, @unchecked Sendable {
    static let key = "tp_test_key_0123456789abcdef"
    let configuration = GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: GatewayRouterTests.key)

    func makeApp(_ engine: InMemoryEngine, configuration: GatewayConfiguration? = nil) -> some ApplicationProtocol {
        let router = GatewayApplication.makeRouter(
            configuration: configuration ?? self.configuration,
            engine: engine,
            nowMilliseconds: { 1_759_276_800_000 },
            generateRequestID: { "generated-id" }
        )
        return Application(router: router)
    }

    let validBody = ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##
    var auth: HTTPFields { [.authorization: "Bearer \(Self.key)", .contentType: "application/json"] }

    func problem(_ response: TestResponse) throws -> [String: Any] {
        XCTAssertEqual(response.headers[.contentType], "application/problem+json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    func testAnalysisSucceedsAndForwardsNormalisedParams() async throws {
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            var headers = self.auth
            headers[HTTPField.Name("X-Request-ID")!] = "client-id.1"
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: headers, body: ByteBuffer(string: self.validBody)) {
                response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[HTTPField.Name("X-Request-ID")!], "client-id.1")
                XCTAssertEqual(response.headers[.xContentTypeOptions], "nosniff")
                let result = try JSONDecoder().decode(AnalysisResult.self, from: Data(response.body.readableBytesView))
                XCTAssertEqual(result, .sample)
            }
        }
        let call = try XCTUnwrap(engine.calls.withLock { $0.first })
        XCTAssertEqual(call.0, .hashtag)
        XCTAssertEqual(call.1, AnalysisParams(target: "skincare", prompt: "What do people think about the price?"))
        XCTAssertEqual(call.2, "client-id.1")
    }

    func testLegacyPathsBehaveTheSame() async throws {
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            try await client.execute(uri: "/analyze-tiktok-hashtags", method: .post, headers: self.auth, body: ByteBuffer(string: self.validBody)) {
                XCTAssertEqual($0.status, .ok)
            }
            // The account endpoint has a default prompt, as the original did.
            try await client.execute(
                uri: "/analyze-tiktok-accounts",
                method: .post,
                headers: self.auth,
                body: ByteBuffer(string: #"{"username":"@ChefMarco","max_posts":"100"}"#)
            ) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(
                uri: "/analyze-tiktok-search",
                method: .post,
                headers: self.auth,
                body: ByteBuffer(string: #"{"search_terms":["R12GS BMW"],"ai_analysis_prompt":"rider opinions"}"#)
            ) {
                XCTAssertEqual($0.status, .ok)
            }
        }
        let calls = engine.calls.withLock { $0 }
        XCTAssertEqual(calls.map(\.0), [.hashtag, .account, .search])
        XCTAssertEqual(calls[1].1.target, "chefmarco")
        XCTAssertEqual(calls[1].1.maxPosts, 100)
        XCTAssertEqual(calls[2].1.target, "r12gs bmw")
    }

    /// What the README's "Migrating from the original service" section says a migrating client meets on the legacy
    /// paths: the original's 403 (no key) and 500s (wrong key, unknown hashtag) become problem+json 401 and 404, and a
    /// 422 lists its fields in `errors` (the original's `detail` was FastAPI's list).
    func testLegacyPathsAnswerErrorsAsProblems() async throws {
        let engine = InMemoryEngine()
        engine.failures.withLock { $0["nosuchtag"] = EngineClientError(.engine(WireError(code: .targetNotFound, message: "no videos"))) }
        try await self.makeApp(engine).test(.router) { client in
            for headers in [
                [.contentType: "application/json"], [.authorization: "Bearer wrong-key-wrong-key-1234", .contentType: "application/json"],
            ]
                as [HTTPFields]
            {
                try await client.execute(uri: "/analyze-tiktok-hashtags", method: .post, headers: headers, body: ByteBuffer(string: self.validBody)) {
                    XCTAssertEqual($0.status, .unauthorized)
                    XCTAssertEqual(try self.problem($0)["code"] as? String, "UNAUTHORIZED")
                }
            }
            let unknown = ##"{"hashtag":"nosuchtag","ai_analysis_prompt":"What do people think about the price?"}"##
            try await client.execute(uri: "/analyze-tiktok-hashtags", method: .post, headers: self.auth, body: ByteBuffer(string: unknown)) {
                XCTAssertEqual($0.status, .notFound)
                XCTAssertEqual(try self.problem($0)["code"] as? String, "TARGET_NOT_FOUND")
            }
            let invalid = ##"{"hashtag":"skincare","max_posts":500,"ai_analysis_prompt":"short"}"##
            try await client.execute(uri: "/analyze-tiktok-hashtags", method: .post, headers: self.auth, body: ByteBuffer(string: invalid)) {
                XCTAssertEqual($0.status, .unprocessableContent)
                let problem = try self.problem($0)
                XCTAssertEqual(problem["code"] as? String, "VALIDATION_FAILED")
                XCTAssertEqual((problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }, ["max_posts", "ai_analysis_prompt"])
            }
        }
    }

    func testMissingWrongOrMalformedKeyIs401Problem() async throws {
        try await self.makeApp(InMemoryEngine()).test(.router) { client in
            for authorization in [nil, "Bearer wrong-key-wrong-key-1234", "Basic \(Self.key)", "Bearer", "\(Self.key)"] as [String?] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let authorization { headers[.authorization] = authorization }
                try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: headers, body: ByteBuffer(string: self.validBody)) {
                    response in
                    XCTAssertEqual(response.status, .unauthorized, authorization ?? "none")
                    let problem = try self.problem(response)
                    XCTAssertEqual(problem["code"] as? String, "UNAUTHORIZED")
                    XCTAssertEqual(problem["status"] as? Int, 401)
                    XCTAssertEqual(problem["request_id"] as? String, "generated-id")
                    XCTAssertFalse(String(buffer: response.body).contains(Self.key))
                }
            }
            try await client.execute(
                uri: "/v1/analyze/hashtag",
                method: .post,
                headers: [HTTPField.Name("X-API-Key")!: Self.key, .contentType: "application/json"],
                body: ByteBuffer(string: self.validBody)
            ) { XCTAssertEqual($0.status, .ok) }
        }
    }

    func testNoConfiguredKeyRefusesEverything() async throws {
        try await self.makeApp(InMemoryEngine(), configuration: GatewayConfiguration(bootstrapKey: nil)).test(.router) { client in
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: self.validBody)) {
                XCTAssertEqual($0.status, .unauthorized)
            }
        }
    }

    func testBodyErrorsAre4xxProblems() async throws {
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("not json", .badRequest, "INVALID_JSON"),
                ("[1,2]", .badRequest, "INVALID_JSON"),
                ("", .badRequest, "INVALID_JSON"),
                (#"{"hashtag":"bad tag!","ai_analysis_prompt":"What do people think?"}"#, .unprocessableContent, "VALIDATION_FAILED"),
                (#"{"hashtag":"ok","ai_analysis_prompt":"short"}"#, .unprocessableContent, "VALIDATION_FAILED"),
                (#"{"hashtag":"ok","ai_analysis_prompt":"long enough prompt","max_posts":20.5}"#, .unprocessableContent, "VALIDATION_FAILED"),
                (#"{"hashtag":"ok","ai_analysis_prompt":"long enough prompt","max_posts":true}"#, .unprocessableContent, "VALIDATION_FAILED"),
                (#"{"hashtag":7,"ai_analysis_prompt":"long enough prompt"}"#, .unprocessableContent, "VALIDATION_FAILED"),
            ]
            for (body, status, code) in cases {
                try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, status, body)
                    XCTAssertEqual(try self.problem(response)["code"] as? String, code, body)
                }
            }
            // Every broken field is reported at once.
            let everything = #"{"max_posts":0,"max_comments_per_post":999,"max_quote_length":1,"ai_analysis_prompt":"x","model":5}"#
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: everything)) {
                response in
                let errors = try XCTUnwrap(try self.problem(response)["errors"] as? [[String: Any]])
                XCTAssertEqual(
                    Set(errors.compactMap { $0["field"] as? String }),
                    ["hashtag", "max_posts", "max_comments_per_post", "max_quote_length", "ai_analysis_prompt", "model"]
                )
            }
            var textHeaders = self.auth
            textHeaders[.contentType] = "text/plain"
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: textHeaders, body: ByteBuffer(string: self.validBody)) {
                response in
                XCTAssertEqual(response.status, .unsupportedMediaType)
                XCTAssertEqual(try self.problem(response)["code"] as? String, "UNSUPPORTED_MEDIA_TYPE")
            }
            let big = #"{"hashtag":"ok","ai_analysis_prompt":""# + String(repeating: "a", count: 5000) + #""}"#
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: big)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertEqual(try self.problem(response)["code"] as? String, "PAYLOAD_TOO_LARGE")
            }
        }
        XCTAssertTrue(engine.calls.withLock { $0.isEmpty }, "invalid requests never reach the engine")
    }

    /// `.` and `..` would be dot segments in the upstream's path (`/search/video/..` reaches it as `/search/`).
    func testDotSegmentTargetsAre422AndNeverReachTheEngine() async throws {
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            let cases: [(String, String, String)] = [
                ("/v1/analyze/search", #"{"query":".."}"#, "query"),
                ("/v1/analyze/search", #"{"query":" . "}"#, "query"),
                ("/v1/analyze/search", #"{"query":"   "}"#, "query"),
                ("/analyze-tiktok-search", #"{"search_terms":[".."]}"#, "query"),
                ("/v1/analyze/account", #"{"username":".."}"#, "username"),
                ("/v1/analyze/account", #"{"username":"@."}"#, "username"),
            ]
            for (path, body, field) in cases {
                try await client.execute(uri: path, method: .post, headers: self.auth, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(response.status, .unprocessableContent, body)
                    let problem = try self.problem(response)
                    XCTAssertEqual(problem["code"] as? String, "VALIDATION_FAILED", body)
                    let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                    XCTAssertEqual(fields, [field], body)
                }
            }
            // A query with dots among other characters is an ordinary search.
            try await client.execute(uri: "/v1/analyze/search", method: .post, headers: self.auth, body: ByteBuffer(string: #"{"query":"v1.2 ..."}"#))
            {
                XCTAssertEqual($0.status, .ok)
            }
        }
        XCTAssertEqual(engine.calls.withLock { $0.map(\.1.target) }, ["v1.2 ..."])
    }

    func testEngineOutcomesMapToHTTP() async throws {
        let cases: [(EngineClientError, HTTPResponse.Status, String, String?)] = [
            (.unavailable, .serviceUnavailable, "ENGINE_UNAVAILABLE", "1"),
            (.connectionLost, .serviceUnavailable, "ENGINE_UNAVAILABLE", "1"),
            (.timedOut, .gatewayTimeout, "ENGINE_TIMEOUT", nil),
            (.init(.engine(.overloaded(retryAfterSeconds: 2))), .serviceUnavailable, "ENGINE_OVERLOADED", "2"),
            (.init(.engine(WireError(code: .targetNotFound, message: "none"))), .notFound, "TARGET_NOT_FOUND", nil),
            (.init(.engine(.deadlineExceeded)), .gatewayTimeout, "ANALYSIS_TIMEOUT", nil),
            (.init(.engine(WireError(code: .upstreamError, message: "x"))), .badGateway, "UPSTREAM_ERROR", nil),
            (
                .init(.engine(WireError(code: .upstreamUnavailable, message: "x", retryAfterSeconds: 7))), .serviceUnavailable,
                "UPSTREAM_UNAVAILABLE", "7"
            ),
            (
                .init(.engine(WireError(code: .upstreamRateLimited, message: "x", retryAfterSeconds: 30))), .serviceUnavailable,
                "UPSTREAM_RATE_LIMITED", "30"
            ),
            (.init(.engine(WireError(code: .resultTooLarge, message: "x"))), .badGateway, "RESULT_TOO_LARGE", nil),
            (.init(.engine(WireError(code: .invalidParams, message: "model must be one of"))), .unprocessableContent, "VALIDATION_FAILED", nil),
            (.init(.protocolViolation("secret detail /var/run")), .internalServerError, "INTERNAL_ERROR", nil),
        ]
        for (error, status, code, retryAfter) in cases {
            try await self.makeApp(InMemoryEngine(.failure(error))).test(.router) { client in
                try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: self.validBody)) {
                    response in
                    XCTAssertEqual(response.status, status, "\(error)")
                    XCTAssertEqual(try self.problem(response)["code"] as? String, code)
                    XCTAssertEqual(response.headers[.retryAfter], retryAfter, "\(error)")
                    XCTAssertFalse(String(buffer: response.body).contains("/var/run"))
                }
            }
        }
    }

    func testHealthReadinessAndUnknownRoutes() async throws {
        let engine = InMemoryEngine()
        var configuration = self.configuration
        configuration.readinessCacheMilliseconds = 0  // the clock is fixed: every /readyz checks again
        try await self.makeApp(engine, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { XCTAssertEqual($0.status, .ok) }
            try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .ok) }
            engine.pingFailure.withLock { $0 = .unavailable }
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertEqual(response.headers[.retryAfter], "1")
                XCTAssertEqual(try self.problem(response)["code"] as? String, "NOT_READY")
            }
            try await client.execute(uri: "/nope", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(try self.problem(response)["code"] as? String, "NOT_FOUND")
                XCTAssertEqual(response.headers[HTTPField.Name("X-Request-ID")!], "generated-id")
            }
            var badID: HTTPFields = [:]
            badID[HTTPField.Name("X-Request-ID")!] = "has spaces and <script>"
            try await client.execute(uri: "/healthz", method: .get, headers: badID) { response in
                XCTAssertEqual(response.headers[HTTPField.Name("X-Request-ID")!], "generated-id")
            }
        }
    }
}

/// A readiness check with a fixed answer.
struct FixedReadiness: ReadinessCheck {
    let name: String
    let ready: Bool
    func isReady(requestID: String) async -> Bool { self.ready }
}

/// A readiness check whose answer the test changes.
final class ToggledReadiness: ReadinessCheck, Sendable {
    let name: String
    let ready: Mutex<Bool>
    init(name: String, ready: Bool) {
        self.name = name
        self.ready = Mutex(ready)
    }
    func isReady(requestID: String) async -> Bool { self.ready.withLock { $0 } }
}

final class GatewayReadinessTests: XCTestCase {
    func testReadinessNeedsEveryCheckAndNamesTheFailingOne() async throws {
        // Redis down, rate limiting in its `local` degraded mode (the default): ready, degraded, naming the modes, once
        // every check has passed since start; not before (a starting instance has no cached key to fall back on).
        // `?strict=1` needs every check.
        let redis = ToggledReadiness(name: "redis", ready: false)
        var configuration = GatewayConfiguration(bootstrapKey: nil)
        configuration.readinessCacheMilliseconds = 0
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: InMemoryEngine(),
            readinessChecks: [FixedReadiness(name: "engine", ready: true), redis],
            nowMilliseconds: { 0 }
        )
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable, "never reached Redis: not ready, not degraded")
                XCTAssertTrue(String(buffer: response.body).contains("not reachable: redis"), String(buffer: response.body))
            }
            redis.ready.withLock { $0 = true }
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(String(buffer: response.body), #"{"status":"ready","checks":{"engine":"ok","redis":"ok"}}"#)
            }
            redis.ready.withLock { $0 = false }
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .ok, "Redis lost after it was reached: degraded")
                XCTAssertEqual(
                    String(buffer: response.body),
                    #"{"status":"degraded","checks":{"engine":"ok","redis":"unreachable"},"degraded":["ratelimit=local","auth=cached-keys"]}"#
                )
            }
            try await client.execute(uri: "/readyz?strict=1", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertTrue(String(buffer: response.body).contains("not reachable: redis"), String(buffer: response.body))
            }
        }
        // `fail_closed` cannot serve without Redis: not ready.
        var failClosed = GatewayConfiguration(bootstrapKey: nil)
        failClosed.rateLimit.degradedMode = .failClosed
        let strict = GatewayApplication.makeRouter(
            configuration: failClosed,
            engine: InMemoryEngine(),
            readinessChecks: [FixedReadiness(name: "engine", ready: true), FixedReadiness(name: "redis", ready: false)],
            nowMilliseconds: { 0 }
        )
        try await Application(router: strict).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertTrue(String(buffer: response.body).contains("not reachable: redis"), String(buffer: response.body))
            }
        }
        // The engine is never optional.
        let engineDown = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: nil),
            engine: InMemoryEngine(),
            readinessChecks: [FixedReadiness(name: "engine", ready: false), FixedReadiness(name: "redis", ready: true)],
            nowMilliseconds: { 0 }
        )
        try await Application(router: engineDown).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .serviceUnavailable) }
        }
        let ready = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: nil),
            engine: InMemoryEngine(),
            readinessChecks: [FixedReadiness(name: "engine", ready: true), FixedReadiness(name: "redis", ready: true)],
            nowMilliseconds: { 0 }
        )
        try await Application(router: ready).test(.router) { client in
            for path in ["/readyz", "/readyz?strict=1"] {
                try await client.execute(uri: path, method: .get) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(String(buffer: response.body), #"{"status":"ready","checks":{"engine":"ok","redis":"ok"}}"#)
                }
            }
        }
    }

    func testRedisURLErrorsNameTheKeyWithoutTheSecret() {
        for url in ["rediss://user:hunter2secret@example:6380/0", "redis://:hunter2secret@127.0.0.1:notaport/0", "http://x"] {
            XCTAssertThrowsError(try GatewayConfiguration(source: ConfigSource(environment: ["TAGPULSE_REDIS_URL": url])), url) { error in
                XCTAssertEqual((error as? ConfigurationError)?.key, "TAGPULSE_REDIS_URL")
                XCTAssertFalse("\(error)".contains("hunter2secret"), "\(error)")
            }
        }
        let configuration = try? GatewayConfiguration(source: ConfigSource(environment: ["TAGPULSE_REDIS_URL": "redis://127.0.0.1:6390/2"]))
        XCTAssertEqual(configuration?.redis.database, 2)
    }
}
