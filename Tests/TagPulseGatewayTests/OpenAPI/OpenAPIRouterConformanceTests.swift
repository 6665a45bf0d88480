import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagPulseAccess
import TagPulseGateway
import TagPulseRedis
import TagPulseTestSupport
import TagPulseWire
import XCTest

/// Real router responses, without Redis, validated against the OpenAPI document: every public and analysis route's
/// success, each client error, each engine failure's problem, the admin routes without their stores, and the
/// rate-limit answers (the limiter's Redis is down, so its `local` mode decides). `OpenAPIRedisConformanceTests`
/// covers what needs Redis (keys, the cache, 304s).
final class OpenAPIRouterConformanceTests: XCTestCase, @unchecked Sendable {
    static let key = "tp_openapi_key_0123456789abcdef"
    static let analysisBodies: [(path: String, body: String)] = [
        ("/v1/analyze/hashtag", ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##),
        ("/v1/analyze/account", #"{"username":"@ChefMarco","max_posts":"100","max_comments_per_post":20.0}"#),
        ("/v1/analyze/search", #"{"query":"air  fryer","ai_analysis_prompt":"Which features do people praise?"}"#),
        ("/analyze-tiktok-hashtags", #"{"hashtag":"skincare","max_posts":5,"ai_analysis_prompt":"What do people think about the price?"}"#),
        ("/analyze-tiktok-accounts", #"{"username":"chefmarco"}"#),
        ("/analyze-tiktok-search", #"{"search_terms":["R12GS BMW"],"ai_analysis_prompt":"rider opinions"}"#),
    ]
    static let getForm = "/v1/hashtags/%23SkinCare/analysis?prompt=What+do+people+think%3F&max_posts=5"

    var auth: HTTPFields { [.authorization: "Bearer \(Self.key)", .contentType: "application/json"] }

    func makeApp(_ engine: InMemoryEngine = InMemoryEngine(), access: GatewayAccess? = nil) -> some ApplicationProtocol {
        var configuration = GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: Self.key)
        configuration.readinessCacheMilliseconds = 0  // the clock is fixed: every /readyz checks again
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: engine,
            access: access,
            nowMilliseconds: { 1_764_000_000_000 },
            generateRequestID: { "0123456789abcdef0123456789abcdef" }
        )
        return Application(router: router)
    }

    func testPublicRoutes() async throws {
        let recorder = try ConformanceRecorder()
        let engine = InMemoryEngine()
        try await self.makeApp(engine).test(.router) { client in
            try await recorder.exchange(client, .get, "/healthz", expect: .ok)
            try await recorder.exchange(client, .get, "/readyz", expect: .ok)
            try await recorder.exchange(client, .get, "/health", expect: .ok)
            try await recorder.exchange(client, .get, "/", headers: [HTTPField.Name("X-Request-ID")!: "index:1"], expect: .ok)
            let document = try await recorder.exchange(client, .get, "/openapi.json", expect: .ok)
            let etag = try XCTUnwrap(document.headers[.eTag])
            try await recorder.exchange(client, .get, "/openapi.json", headers: [.ifNoneMatch: etag], expect: .notModified)
            let page = try await recorder.exchange(client, .get, "/docs", expect: .ok)
            try await recorder.exchange(client, .get, "/docs", headers: [.ifNoneMatch: try XCTUnwrap(page.headers[.eTag])], expect: .notModified)
            engine.pingFailure.withLock { $0 = .unavailable }
            try await recorder.exchange(client, .get, "/readyz", expect: .serviceUnavailable)
        }
    }

    func testAnalysisRoutesAndTheirClientErrors() async throws {
        let recorder = try ConformanceRecorder()
        try await self.makeApp().test(.router) { client in
            for (path, body) in Self.analysisBodies {
                try await recorder.exchange(client, .post, path, headers: self.auth, body: body, expect: .ok)
                try await recorder.exchange(client, .post, path, headers: [.contentType: "application/json"], body: body, expect: .unauthorized)
                try await recorder.exchange(client, .post, path, headers: self.auth, body: "{not json", expect: .badRequest)
                try await recorder.exchange(client, .post, path, headers: self.auth, body: "[]", expect: .badRequest)
                try await recorder.exchange(
                    client,
                    .post,
                    path,
                    headers: self.auth,
                    body: #"{"max_posts":0,"model":7}"#,
                    expect: .unprocessableContent
                )
                let large = #"{"pad":""# + String(repeating: "a", count: 5000) + #""}"#
                try await recorder.exchange(client, .post, path, headers: self.auth, body: large, expect: .contentTooLarge)
                var text = self.auth
                text[.contentType] = "text/plain"
                try await recorder.exchange(client, .post, path, headers: text, body: body, expect: .unsupportedMediaType)
            }
            try await recorder.exchange(client, .get, Self.getForm, headers: self.auth, expect: .ok)
            try await recorder.exchange(client, .get, Self.getForm, expect: .unauthorized)
            try await recorder.exchange(
                client,
                .get,
                "/v1/hashtags/bad%20tag!/analysis?prompt=x&prompt=y",
                headers: self.auth,
                expect: .unprocessableContent
            )
            try await recorder.exchange(client, .get, "/v1/hashtags/ok/analysis", headers: self.auth, expect: .unprocessableContent)
        }
    }

    func testEngineFailuresAreDocumentedProblems() async throws {
        let recorder = try ConformanceRecorder()
        let cases: [(EngineClientError, HTTPResponse.Status)] = [
            (.unavailable, .serviceUnavailable),
            (.timedOut, .gatewayTimeout),
            (.init(.engine(.overloaded(retryAfterSeconds: 2))), .serviceUnavailable),
            (.init(.engine(WireError(code: .targetNotFound, message: "no videos for this hashtag"))), .notFound),
            (.init(.engine(.deadlineExceeded)), .gatewayTimeout),
            (.init(.engine(WireError(code: .upstreamError, message: "the source answered 500"))), .badGateway),
            (.init(.engine(WireError(code: .resultTooLarge, message: "ask for fewer posts"))), .badGateway),
            (.init(.engine(WireError(code: .upstreamUnavailable, message: "breaker open", retryAfterSeconds: 7))), .serviceUnavailable),
            (.init(.engine(WireError(code: .upstreamRateLimited, message: "slow down", retryAfterSeconds: 30))), .serviceUnavailable),
            (.init(.engine(WireError(code: .analysisFailed, message: "every video failed"))), .serviceUnavailable),
            (.init(.engine(WireError(code: .invalidParams, message: "model must be one of gpt-4.1-mini"))), .unprocessableContent),
        ]
        for (error, status) in cases {
            try await self.makeApp(InMemoryEngine(.failure(error))).test(.router) { client in
                try await recorder.exchange(
                    client,
                    .post,
                    "/v1/analyze/hashtag",
                    headers: self.auth,
                    body: Self.analysisBodies[0].body,
                    expect: status
                )
                try await recorder.exchange(client, .get, Self.getForm, headers: self.auth, expect: status)
            }
        }
    }

    func testAdminRoutesWithoutTheirStores() async throws {
        let recorder = try ConformanceRecorder()
        try await self.makeApp().test(.router) { client in
            try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.auth, expect: .serviceUnavailable)
            try await recorder.exchange(client, .post, "/v1/admin/keys", headers: self.auth, body: #"{"name":"x"}"#, expect: .serviceUnavailable)
            try await recorder.exchange(client, .post, "/v1/admin/keys/k3xq9v0m2abc/rotate", headers: self.auth, expect: .serviceUnavailable)
            try await recorder.exchange(client, .delete, "/v1/admin/keys/k3xq9v0m2abc", headers: self.auth, expect: .serviceUnavailable)
            try await recorder.exchange(client, .get, "/v1/admin/keys", expect: .unauthorized)
            try await recorder.exchange(client, .get, "/v1/admin/usage", headers: self.auth, expect: .serviceUnavailable)
            try await recorder.exchange(client, .get, "/v1/admin/usage?to=2026-12-01&from=2026-12-02", headers: self.auth, expect: .badRequest)
            try await recorder.exchange(
                client,
                .post,
                "/v1/admin/cache/purge",
                headers: self.auth,
                body: #"{"hashtag":"skincare"}"#,
                expect: .serviceUnavailable
            )
            try await recorder.exchange(
                client,
                .post,
                "/v1/admin/cache/purge",
                headers: self.auth,
                body: #"{"hashtag":"a","query":"b"}"#,
                expect: .unprocessableContent
            )
            try await recorder.exchange(client, .post, "/v1/admin/cache/purge", headers: self.auth, body: #"{"soft":"yes"}"#, expect: .badRequest)
            var text = self.auth
            text[.contentType] = "text/plain"
            try await recorder.exchange(client, .post, "/v1/admin/cache/purge", headers: text, body: "{}", expect: .unsupportedMediaType)
        }
    }

    func testRateLimitedAnswersCarryTheirHeaders() async throws {
        let recorder = try ConformanceRecorder()
        let now: @Sendable () -> Int64 = { 1_764_000_000_000 }
        let down = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: Logger(label: "test"))
        let tier = RateLimitTier(name: "t", requests: [.init(group: "requests", limit: 2, periodMilliseconds: 60_000)], analyses: [])
        let limiter = RateLimiter(
            redis: down,
            keyspace: AccessKeyspace(prefix: "tp:test:openapi:"),
            settings: RateLimitSettings(tiers: ["t": tier], ip: [.init(group: "ip", limit: 1, periodMilliseconds: 60_000)]),
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: Logger(label: "test")
        )
        let authenticator = KeyAuthenticator(
            store: nil,
            bootstrap: BootstrapKey(secret: Self.key),
            bootstrapTier: "t",
            nowMilliseconds: now,
            logger: Logger(label: "test")
        )
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: nil, defaultTier: "t")
        try await self.makeApp(access: access).test(.router) { client in
            try await recorder.exchange(client, .post, "/v1/analyze/hashtag", headers: self.auth, body: Self.analysisBodies[0].body, expect: .ok)
            try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.auth, expect: .serviceUnavailable)
            let limited = try await recorder.exchange(client, .get, Self.getForm, headers: self.auth, expect: .tooManyRequests)
            XCTAssertEqual(limited.json?["violated_policies"], .array([.string("requests-60s")]))
            try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.auth, expect: .tooManyRequests)
        }
    }
}
