import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TagPulseAccess
import TagPulseRedis
import XCTest

@testable import TagPulseGateway

/// A gateway router with the real cache, key store, rate limiter and warm-up runner on the shared test Redis (its own
/// key prefix, deleted afterwards), an in-memory engine that counts calls, and a clock the test moves.
final class WarmTestHarness: Sendable {
    let engine = InMemoryEngine()
    let clock = Mutex<Int64>(1_764_000_000_000)
    let prefix = "tp:test:warm:\(UUID().uuidString.prefix(8)):"
    let redis: RedisClient
    let tier: RateLimitTier
    let upstream: [RatePolicy]
    let settings: WarmSettings
    /// Keys made for the test, by scope set (`analyze`, `warm`, `admin`, `analyze,warm`); filled by ``run(_:)``.
    let keys = Mutex<[String: String]>([:])

    init(
        analyses: [RatePolicy] = [RatePolicy(group: "analyses", limit: 100, periodMilliseconds: 60_000)],
        upstream: [RatePolicy] = [RatePolicy(group: "upstream", limit: 1000, periodMilliseconds: 60_000)],
        settings: WarmSettings = WarmSettings(),
        heartbeatInterval: Duration = .milliseconds(50),
        throughPort: Int? = nil
    ) throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping warm-up integration tests")
        }
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 2
        // A proxy in front of the test Redis (``ReplyDroppingRedisProxy``), for tests of a slow Redis.
        if let throughPort { configuration.address = .hostname("127.0.0.1", port: throughPort) }
        self.redis = try RedisClient(configuration: configuration, logger: Logger(label: "test"))
        self.tier = RateLimitTier(name: "t", requests: [RatePolicy(group: "requests", limit: 1000, periodMilliseconds: 60_000)], analyses: analyses)
        self.upstream = upstream
        var settings = settings
        settings.heartbeatInterval = heartbeatInterval
        self.settings = settings
    }

    var now: Int64 { self.clock.withLock { $0 } }
    func advance(seconds: Int64) { self.clock.withLock { $0 += seconds * 1000 } }

    func key(_ scopes: [KeyScope]) -> String { self.keys.withLock { $0[scopes.map(\.rawValue).joined(separator: ",")] ?? "" } }

    var store: WarmJobStore { WarmJobStore(redis: self.redis, keyPrefix: self.prefix, ttl: self.settings.jobTTL) }

    /// Runs `body` with the router and the runner while Redis and the cache's services run; `runner` is handed over
    /// for tests that stop it.
    func run(_ body: @Sendable (any TestClientProtocol, WarmRunner, ServiceGroup) async throws -> Void) async throws {
        var configuration = GatewayConfiguration()
        configuration.keyPrefix = self.prefix
        configuration.warm = self.settings
        let now: @Sendable () -> Int64 = { self.now }
        let logger = Logger(label: "test")
        let keyStore = KeyStore(redis: self.redis, keyspace: AccessKeyspace(prefix: self.prefix), nowMilliseconds: now)
        let limiter = RateLimiter(
            redis: self.redis,
            keyspace: AccessKeyspace(prefix: self.prefix),
            settings: RateLimitSettings(tiers: ["t": self.tier], upstream: self.upstream, decisionTimeout: .seconds(2)),
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: logger
        )
        let authenticator = KeyAuthenticator(store: keyStore, bootstrap: nil, bootstrapTier: "t", nowMilliseconds: now, logger: logger)
        let access = GatewayAccess(authenticator: authenticator, limiter: limiter, store: keyStore, defaultTier: "t")
        let parts = GatewayApplication.makeCache(
            configuration: configuration,
            engine: self.engine,
            access: access,
            control: self.redis,
            cacheRedis: nil,
            nowMilliseconds: now,
            logger: logger
        )
        let runner = WarmRunner(
            cache: parts.cache,
            store: self.store,
            settings: self.settings,
            owner: "test-instance",
            nowMilliseconds: now,
            logger: logger
        )
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: self.engine,
            access: access,
            cache: parts.cache,
            warm: runner,
            nowMilliseconds: now,
            generateRequestID: { "rid" }
        )
        let group = ServiceGroup(configuration: .init(services: [runner], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.redis.run() }
            for service in parts.services { tasks.addTask { try await service.run() } }
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while self.redis.connectedCount < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            do {
                for scopes: [KeyScope] in [[.analyze], [.warm], [.admin], [.analyze, .warm]] {
                    let created = try await keyStore.create(.init(name: "warm test", tier: "t", scopes: Set(scopes)))
                    self.keys.withLock { $0[scopes.map(\.rawValue).joined(separator: ",")] = created.key.text }
                }
                try await Application(router: router).test(.router) { client in try await body(client, runner, group) }
            } catch {
                try? await CacheTestHarness.deleteKeys(prefix: self.prefix, on: self.redis)
                throw error
            }
            await group.triggerGracefulShutdown()
            let settle = ContinuousClock.now + .seconds(5)
            while runner.heldCount > 0, ContinuousClock.now < settle { try await Task.sleep(for: .milliseconds(10)) }
            try await CacheTestHarness.deleteKeys(prefix: self.prefix, on: self.redis)
        }
    }

    /// Headers with the key of exactly `scopes` (in the order `analyze`, `warm`, `admin`).
    func headers(_ scopes: KeyScope...) -> HTTPFields {
        [.authorization: "Bearer \(self.key(scopes))", .contentType: "application/json"]
    }

    /// `POST /v1/admin/warm` with `items` (JSON objects, comma-separated).
    func submit(_ client: any TestClientProtocol, _ items: String, scope: KeyScope = .warm, concurrency: Int? = nil, headers: HTTPFields? = nil)
        async throws -> TestResponse
    {
        let extra = concurrency.map { #","concurrency":\#($0)"# } ?? ""
        return try await client.execute(
            uri: "/v1/admin/warm",
            method: .post,
            headers: headers ?? self.headers(scope),
            body: ByteBuffer(string: #"{"items":[\#(items)]\#(extra)}"#)
        )
    }

    /// The job's JSON once it is over (`done`, `stalled` or `cancelled`), polling its status URL.
    func finished(_ client: any TestClientProtocol, _ statusURL: String, scope: KeyScope = .warm) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let response = try await client.execute(uri: statusURL, method: .get, headers: self.headers(scope))
            XCTAssertEqual(response.status, .ok)
            let json = try Self.json(response)
            if ["done", "stalled", "cancelled"].contains(json["status"] as? String ?? "") { return json }
            guard ContinuousClock.now < deadline else {
                XCTFail("the job did not finish: \(json)")
                return json
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// A hashtag item with a prompt.
    static func hashtag(_ tag: String) -> String {
        #"{"kind":"hashtag","hashtag":"\#(tag)","ai_analysis_prompt":"What do people think about the price?"}"#
    }

    var calls: Int { self.engine.calls.withLock { $0.count } }
}
