import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagPulseAccess
import TagPulseRedis
import TagPulseTestSupport
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// Every documented operation through a router with the real key store, rate limiter and cache on the test Redis (a
/// key prefix of its own, deleted afterwards) and the in-memory engine: each answer is validated against the OpenAPI
/// document, and every operation must have answered with a success at least once.
final class OpenAPIRedisConformanceTests: XCTestCase, @unchecked Sendable {
    static let adminKey = "tp_openapi_admin_0123456789abcdef"
    let prompt = "What do people think about the price?"

    func testEveryDocumentedOperationAnswersAsDocumented() async throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping")
        }
        var redisConfiguration = try RedisConfiguration(url: url)
        redisConfiguration.poolSize = 2
        let logger = Logger(label: "test")
        let redis = try RedisClient(configuration: redisConfiguration, logger: logger)
        let prefix = "tp:test:openapi:\(UUID().uuidString.prefix(8)):"
        let now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
        let keyspace = AccessKeyspace(prefix: prefix)
        let store = KeyStore(redis: redis, keyspace: keyspace, nowMilliseconds: now)
        let authenticator = KeyAuthenticator(
            store: store,
            bootstrap: BootstrapKey(secret: Self.adminKey),
            bootstrapTier: "internal",
            nowMilliseconds: now,
            logger: logger
        )
        let tiers: [String: RateLimitTier] = [
            "internal": RateLimitSettings.defaultTiers["internal"]!,
            "tiny": RateLimitTier(name: "tiny", requests: [.init(group: "requests", limit: 2, periodMilliseconds: 60_000)], analyses: []),
        ]
        let limiter = RateLimiter(
            redis: redis,
            keyspace: keyspace,
            settings: RateLimitSettings(tiers: tiers, decisionTimeout: .seconds(2)),
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: logger
        )
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: store, defaultTier: "internal")
        var configuration = GatewayConfiguration(bootstrapKey: Self.adminKey)
        configuration.keyPrefix = prefix
        let engine = InMemoryEngine()
        let parts = GatewayApplication.makeCache(
            configuration: configuration,
            engine: engine,
            access: access,
            control: redis,
            cacheRedis: nil,
            nowMilliseconds: now,
            logger: logger
        )
        let warm = WarmRunner(
            cache: parts.cache,
            store: WarmJobStore(redis: redis, keyPrefix: prefix, ttl: configuration.warm.jobTTL),
            settings: configuration.warm,
            owner: "openapi-test",
            nowMilliseconds: now,
            logger: logger
        )
        let usage = UsageRecorder(maxBuckets: 1000, nowMilliseconds: now)
        let usageStore = UsageStore(redis: redis, keyspace: keyspace, retentionDays: 1)
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: engine,
            access: access,
            cache: parts.cache,
            warm: warm,
            nowMilliseconds: now,
            usage: usage,
            usageStore: usageStore
        )
        let recorder = try ConformanceRecorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await redis.run() }
            group.addTask { try await authenticator.run() }
            for service in parts.services + [warm] { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while redis.connectedCount < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            do {
                try await Application(router: router).test(.router) { client in
                    try await self.exercise(client, recorder: recorder, engine: engine) {
                        _ = await usageStore.write(usage.take(), number: usageStore.nextNumber())
                    }
                }
            } catch {
                try? await CacheTestHarness.deleteKeys(prefix: prefix, on: redis)
                throw error
            }
            let settled = ContinuousClock.now + .seconds(5)
            while !parts.cache.refresher.isIdle, ContinuousClock.now < settled { try await Task.sleep(for: .milliseconds(10)) }
            try await CacheTestHarness.deleteKeys(prefix: prefix, on: redis)
        }

        let statuses = recorder.statuses
        for operation in recorder.contract.operations {
            XCTAssertTrue(statuses[operation]?.contains { (200..<300).contains($0) } == true, "\(operation) never answered a success")
        }
        let all = statuses.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        XCTAssertTrue(all.isSuperset(of: [200, 201, 304, 400, 403, 404, 415, 422, 429, 504]), "\(all.sorted())")
    }

    func headers(_ key: String, json: Bool = true, _ extra: [(String, String)] = []) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if json { headers[.contentType] = "application/json" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return headers
    }

    func exercise(
        _ client: some TestClientProtocol,
        recorder: ConformanceRecorder,
        engine: InMemoryEngine,
        flushUsage: () async -> Void
    ) async throws {
        let admin = Self.adminKey
        for path in ["/healthz", "/readyz", "/health", "/", "/openapi.json", "/docs"] { try await recorder.exchange(client, .get, path, expect: .ok) }

        // Keys: create, list, rotate (with and without a body), revoke, and their refusals.
        let created = try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys",
            headers: self.headers(admin),
            body: #"{"name":"  openapi tiny  ","tier":"tiny","scopes":["analyze"],"expires_in_s":3600}"#,
            expect: .created
        )
        let tinyKey = try XCTUnwrap(created.json?["key"]?.string)
        let tinyID = try XCTUnwrap(created.json?["id"]?.string)
        let other = try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys",
            headers: self.headers(admin),
            body: #"{"name":"other"}"#,
            expect: .created
        )
        let otherID = try XCTUnwrap(other.json?["id"]?.string)
        try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.headers(admin, json: false), expect: .ok)
        let rotated = try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys/\(otherID)/rotate",
            headers: self.headers(admin),
            body: #"{"overlap_s":0}"#,
            expect: .created
        )
        let rotatedID = try XCTUnwrap(rotated.json?["id"]?.string)
        try await recorder.exchange(client, .post, "/v1/admin/keys/\(rotatedID)/rotate", headers: self.headers(admin, json: false), expect: .created)
        try await recorder.exchange(client, .delete, "/v1/admin/keys/\(rotatedID)", headers: self.headers(admin), expect: .ok)
        try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.headers(admin, json: false), expect: .ok)
        try await recorder.exchange(client, .delete, "/v1/admin/keys/zzzzzzzzzzzz", headers: self.headers(admin), expect: .notFound)
        try await recorder.exchange(client, .post, "/v1/admin/keys/NOT-AN-ID/rotate", headers: self.headers(admin, json: false), expect: .notFound)
        try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys",
            headers: self.headers(admin),
            body: #"{"name":" ","scopes":[]}"#,
            expect: .unprocessableContent
        )
        try await recorder.exchange(client, .post, "/v1/admin/keys", headers: self.headers(admin), body: #"{"name":5}"#, expect: .badRequest)
        try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys",
            headers: self.headers(admin, json: false),
            body: "{}",
            expect: .unsupportedMediaType
        )
        try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys/\(tinyID)/rotate",
            headers: self.headers(admin),
            body: #"{"overlap_s":-1}"#,
            expect: .unprocessableContent
        )
        try await recorder.exchange(client, .get, "/v1/admin/keys", headers: self.headers(tinyKey), expect: .forbidden)

        // Analysis: a miss, a hit, 304s, the GET form on the same entry, every kind and legacy path.
        let body = ##"{"hashtag":"#SkinCare","max_posts":5,"ai_analysis_prompt":"\##(self.prompt)"}"##
        let miss = try await recorder.exchange(client, .post, "/v1/analyze/hashtag", headers: self.headers(admin), body: body, expect: .ok)
        XCTAssertEqual(miss.headers[HTTPField.Name("Cache-Status")!], "TagPulse; fwd=uri-miss; fwd-status=200; stored")
        let hit = try await recorder.exchange(client, .post, "/v1/analyze/hashtag", headers: self.headers(admin), body: body, expect: .ok)
        XCTAssertTrue(hit.headers[HTTPField.Name("Cache-Status")!]?.hasPrefix("TagPulse; hit") == true)
        let etag = try XCTUnwrap(hit.headers[.eTag])
        try await recorder.exchange(
            client,
            .post,
            "/v1/analyze/hashtag",
            headers: self.headers(admin, [("If-None-Match", etag)]),
            body: body,
            expect: .notModified
        )
        let getForm = "/v1/hashtags/skincare/analysis?prompt=What+do+people+think+about+the+price%3F&max_posts=5"
        try await recorder.exchange(client, .get, getForm, headers: self.headers(admin, json: false), expect: .ok)
        try await recorder.exchange(client, .get, getForm, headers: self.headers(admin, json: false, [("If-None-Match", etag)]), expect: .notModified)
        let uncached = "/v1/hashtags/neverasked/analysis?prompt=What+do+people+think%3F"
        try await recorder.exchange(
            client,
            .get,
            uncached,
            headers: self.headers(admin, json: false, [("Cache-Control", "only-if-cached")]),
            expect: .gatewayTimeout
        )
        for (path, body) in OpenAPIRouterConformanceTests.analysisBodies {
            try await recorder.exchange(client, .post, path, headers: self.headers(admin, [("Cache-Control", "no-cache")]), body: body, expect: .ok)
        }

        // A target without videos: a 404 that the cache keeps (and says so).
        engine.outcome.withLock { $0 = .failure(.init(.engine(WireError(code: .targetNotFound, message: "no videos for this hashtag")))) }
        try await recorder.exchange(
            client,
            .get,
            "/v1/hashtags/nosuchtag/analysis?prompt=What+do+people+think%3F",
            headers: self.headers(admin),
            expect: .notFound
        )
        try await recorder.exchange(
            client,
            .get,
            "/v1/hashtags/nosuchtag/analysis?prompt=What+do+people+think%3F",
            headers: self.headers(admin),
            expect: .notFound
        )
        engine.outcome.withLock { $0 = .result(.sample) }

        // Warm-up: a job, its progress (until done), an unknown job, an invalid item, and a key without the scope.
        let items =
            ##"{"items":[{"kind":"hashtag","hashtag":"#SkinCare","max_posts":5,"ai_analysis_prompt":"\##(self.prompt)"},"##
            + #"{"kind":"account","username":"@chefmarco"},{"kind":"search","search_terms":["air fryer"]}],"concurrency":5}"#
        let accepted = try await recorder.exchange(client, .post, "/v1/admin/warm", headers: self.headers(admin), body: items, expect: .accepted)
        let statusURL = try XCTUnwrap(accepted.json?["status_url"]?.string)
        XCTAssertEqual(accepted.headers[.location], statusURL)
        var finished = false
        for _ in 0..<500 where !finished {
            let job = try await recorder.exchange(client, .get, statusURL, headers: self.headers(admin, json: false), expect: .ok)
            finished = job.json?["status"] == .string("done")
            if !finished { try await Task.sleep(for: .milliseconds(10)) }
        }
        XCTAssertTrue(finished, "the warm-up job never finished")
        try await recorder.exchange(client, .get, "/v1/admin/warm/wj_0000000000000000000000", headers: self.headers(admin), expect: .notFound)
        try await recorder.exchange(client, .get, "/v1/admin/warm/not-a-job", headers: self.headers(admin), expect: .notFound)
        try await recorder.exchange(client, .delete, statusURL, headers: self.headers(admin, json: false), expect: .ok)
        try await recorder.exchange(client, .delete, "/v1/admin/warm/wj_0000000000000000000000", headers: self.headers(admin), expect: .notFound)
        let broken = #"{"items":[{"kind":"hashtag","hashtag":"skincare"},{"kind":"video"}],"concurrency":0}"#
        try await recorder.exchange(client, .post, "/v1/admin/warm", headers: self.headers(admin), body: broken, expect: .unprocessableContent)
        try await recorder.exchange(client, .post, "/v1/admin/warm", headers: self.headers(admin), body: "[]", expect: .badRequest)
        try await recorder.exchange(client, .get, statusURL, headers: self.headers(tinyKey), expect: .forbidden)

        // Purges.
        try await recorder.exchange(
            client,
            .post,
            "/v1/admin/cache/purge",
            headers: self.headers(admin),
            body: ##"{"hashtag":"#SkinCare","soft":true}"##,
            expect: .ok
        )
        try await recorder.exchange(
            client,
            .post,
            "/v1/admin/cache/purge",
            headers: self.headers(admin),
            body: #"{"tag":"query:air fryer"}"#,
            expect: .ok
        )
        try await recorder.exchange(client, .post, "/v1/admin/cache/purge", headers: self.headers(admin), body: #"{}"#, expect: .unprocessableContent)

        // Usage: what the requests above counted, once flushed; a usage key reads its own client only.
        await flushUsage()
        let usage = try await recorder.exchange(client, .get, "/v1/admin/usage", headers: self.headers(admin, json: false), expect: .ok)
        XCTAssertGreaterThan(usage.json?["totals"]?["requests"]?.number ?? 0, 10)
        try await recorder.exchange(client, .get, "/v1/admin/usage?group=key&client=bootstrap", headers: self.headers(admin), expect: .ok)
        let reader = try await recorder.exchange(
            client,
            .post,
            "/v1/admin/keys",
            headers: self.headers(admin),
            body: #"{"name":"reader","client":"globex","scopes":["usage"]}"#,
            expect: .created
        )
        let readerKey = try XCTUnwrap(reader.json?["key"]?.string)
        try await recorder.exchange(client, .get, "/v1/admin/usage", headers: self.headers(readerKey), expect: .ok)
        try await recorder.exchange(client, .get, "/v1/admin/usage?client=bootstrap", headers: self.headers(readerKey), expect: .forbidden)
        try await recorder.exchange(client, .get, "/v1/admin/usage", headers: self.headers(tinyKey), expect: .forbidden)
        try await recorder.exchange(client, .get, "/v1/admin/usage?from=2026-13-01", headers: self.headers(admin), expect: .badRequest)

        // The tiny tier's two requests a minute, then 429s from Redis's own decision.
        try await recorder.exchange(client, .get, getForm, headers: self.headers(tinyKey, json: false), expect: .ok)
        try await recorder.exchange(client, .get, getForm, headers: self.headers(tinyKey, json: false), expect: .ok)
        let limited = try await recorder.exchange(client, .get, getForm, headers: self.headers(tinyKey, json: false), expect: .tooManyRequests)
        XCTAssertNil(limited.headers[HTTPField.Name("TagPulse-Degraded")!], "Redis decided")
        try await recorder.exchange(
            client,
            .post,
            "/v1/analyze/search",
            headers: self.headers(tinyKey),
            body: #"{"query":"x"}"#,
            expect: .tooManyRequests
        )
    }
}
