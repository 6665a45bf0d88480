import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagPulseAccess
import TagPulseGateway
import TagPulseRedis
import XCTest

/// Rate-limit headers, 429 problems, scopes and the admin endpoints through the router, with no Redis: the limiter's
/// Redis is down, so decisions come from its `local` mode (real GCRA in memory, marked as degraded).
final class AccessRouterTests: XCTestCase, @unchecked Sendable {
    static let key = "tp_router_key_0123456789abcdef"
    let body = ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##

    func makeApp(tier: RateLimitTier, engine: InMemoryEngine = InMemoryEngine()) throws -> some ApplicationProtocol {
        let now: @Sendable () -> Int64 = { 1_764_000_000_000 }
        let down = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: Logger(label: "test"))
        let settings = RateLimitSettings(tiers: [tier.name: tier], upstream: [RatePolicy(group: "upstream", limit: 1000, periodMilliseconds: 60_000)])
        let limiter = RateLimiter(
            redis: down,
            keyspace: AccessKeyspace(prefix: "tp:test:router:"),
            settings: settings,
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: Logger(label: "test")
        )
        let authenticator = KeyAuthenticator(
            store: nil,
            bootstrap: BootstrapKey(secret: Self.key),
            bootstrapTier: tier.name,
            nowMilliseconds: now,
            logger: Logger(label: "test")
        )
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: nil, defaultTier: tier.name)
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: Self.key),
            engine: engine,
            access: access,
            nowMilliseconds: now,
            generateRequestID: { "rid" }
        )
        return Application(router: router)
    }

    var headers: HTTPFields { [.authorization: "Bearer \(Self.key)", .contentType: "application/json"] }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    func testRequestsWindowsGiveHeadersThenA429ThatSaysWhenToRetry() async throws {
        let tier = RateLimitTier(
            name: "t",
            requests: [
                .init(group: "requests", limit: 3, periodMilliseconds: 60_000), .init(group: "requests", limit: 100, periodMilliseconds: 86_400_000),
            ],
            analyses: [.init(group: "analyses", limit: 100, periodMilliseconds: 60_000)]
        )
        try await self.makeApp(tier: tier).test(.router) { client in
            for remaining in [2, 1, 0] {
                try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.headers, body: ByteBuffer(string: self.body)) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(
                        response.headers[HTTPField.Name("RateLimit-Policy")!],
                        #""requests-60s";q=3;w=60, "requests-86400s";q=100;w=86400, "analyses-60s";q=100;w=60, "upstream-60s";q=1000;w=60"#
                    )
                    XCTAssertTrue(response.headers[HTTPField.Name("RateLimit")!]?.hasPrefix(#""requests-60s";r=\#(remaining);t="#) == true)
                    XCTAssertEqual(response.headers[HTTPField.Name("X-RateLimit-Limit")!], "3")
                    XCTAssertEqual(response.headers[HTTPField.Name("X-RateLimit-Remaining")!], String(remaining))
                    XCTAssertEqual(response.headers[HTTPField.Name("TagPulse-Degraded")!], "ratelimit=local")
                }
            }
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.headers, body: ByteBuffer(string: self.body)) {
                response in
                XCTAssertEqual(response.status, .tooManyRequests)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
                XCTAssertEqual(response.headers[.retryAfter], "20", "3 per minute: one every 20 s")
                XCTAssertEqual(response.headers[HTTPField.Name("X-RateLimit-Reset")!], "20")
                let problem = try self.json(response)
                XCTAssertEqual(problem["code"] as? String, "RATE_LIMITED")
                XCTAssertEqual(problem["violated_policies"] as? [String], ["requests-60s"])
                XCTAssertEqual(problem["status"] as? Int, 429)
                XCTAssertEqual(problem["request_id"] as? String, "rid")
            }
        }
    }

    func testAnExhaustedAnalysesWindowRefusesBeforeTheEngineIsCalled() async throws {
        let tier = RateLimitTier(
            name: "t",
            requests: [.init(group: "requests", limit: 100, periodMilliseconds: 60_000)],
            analyses: [.init(group: "analyses", limit: 1, periodMilliseconds: 60_000)]
        )
        let engine = InMemoryEngine()
        try await self.makeApp(tier: tier, engine: engine).test(.router) { client in
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.headers, body: ByteBuffer(string: self.body)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.headers, body: ByteBuffer(string: self.body)) {
                response in
                XCTAssertEqual(response.status, .tooManyRequests)
                XCTAssertEqual(try self.json(response)["violated_policies"] as? [String], ["analyses-60s"])
                XCTAssertEqual(response.headers[.retryAfter], "60")
                // Both the requests window (charged) and the analyses window (refused) are reported.
                XCTAssertTrue(response.headers[HTTPField.Name("RateLimit-Policy")!]?.contains("requests-60s") == true)
                XCTAssertTrue(response.headers[HTTPField.Name("RateLimit-Policy")!]?.contains("analyses-60s") == true)
            }
            // A request the engine never sees (invalid body) is not charged to analyses.
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.headers, body: ByteBuffer(string: "{}")) {
                XCTAssertEqual($0.status, .unprocessableContent)
            }
        }
        XCTAssertEqual(engine.calls.withLock { $0.count }, 1)
    }

    func testAdminEndpointsNeedTheKeyStoreAndValidId() async throws {
        let tier = RateLimitTier(name: "t", requests: [.init(group: "requests", limit: 100, periodMilliseconds: 60_000)], analyses: [])
        try await self.makeApp(tier: tier).test(.router) { client in
            try await client.execute(uri: "/v1/admin/keys", method: .get, headers: self.headers) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                XCTAssertEqual(try self.json(response)["code"] as? String, "KEY_STORE_UNAVAILABLE")
                XCTAssertEqual(response.headers[.retryAfter], "1")
            }
            try await client.execute(uri: "/v1/admin/keys", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
        }
    }
}

extension AccessRouterTests {
    /// Hummingbird routes by method and path: a known path with another method is a 404 problem, like an unknown
    /// path (the README says so).
    func testAWrongMethodIsA404Problem() async throws {
        let tier = RateLimitTier(name: "t", requests: [.init(group: "requests", limit: 100, periodMilliseconds: 60_000)], analyses: [])
        try await self.makeApp(tier: tier).test(.router) { client in
            try await client.execute(uri: "/v1/analyze/hashtag", method: .get, headers: self.headers) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
            }
        }
    }
}
