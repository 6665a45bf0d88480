import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TagPulseAccess
import TagPulseRedis
import XCTest

@testable import TagPulseGateway

/// A gateway router over the real key store and rate limiter on the test Redis (a key prefix of its own, deleted
/// afterwards) and the in-memory engine, served on a live loopback socket (so requests have a client address).
struct AccessRedisHarness: Sendable {
    static let adminKey = "tp_access_admin_0123456789abcdef"

    let redis: RedisClient
    let keyspace: AccessKeyspace
    let store: KeyStore
    let authenticator: KeyAuthenticator
    let limiter: RateLimiter
    let access: GatewayAccess
    let engine = InMemoryEngine()

    init(
        settings: RateLimitSettings = RateLimitSettings(decisionTimeout: .seconds(2)),
        keyCache: KeyAuthenticator.Settings = .init()
    ) throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping Redis access tests")
        }
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 2
        let logger = Logger(label: "test")
        self.redis = try RedisClient(configuration: configuration, logger: logger)
        self.keyspace = AccessKeyspace(prefix: "tp:test:access:\(UUID().uuidString.prefix(8)):")
        let now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
        self.store = KeyStore(redis: self.redis, keyspace: self.keyspace, nowMilliseconds: now)
        self.authenticator = KeyAuthenticator(
            store: self.store,
            bootstrap: BootstrapKey(secret: Self.adminKey),
            bootstrapTier: "internal",
            settings: keyCache,
            nowMilliseconds: now,
            logger: logger
        )
        self.limiter = RateLimiter(
            redis: self.redis,
            keyspace: self.keyspace,
            settings: settings,
            liveInstances: { 1 },
            localNowMicroseconds: { now() * 1000 },
            logger: logger
        )
        self.access = GatewayAccess(authenticator: self.authenticator, limiter: self.limiter, store: self.store, defaultTier: "free")
    }

    /// Runs `body` against a live server with Redis connected and the key listener running; deletes the keys after.
    func run(
        configure: @Sendable (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = GatewayConfiguration(bootstrapKey: Self.adminKey)
        configuration.keyPrefix = self.keyspace.prefix
        configure(&configuration)
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: self.engine,
            access: self.access,
            nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1000) }
        )
        let app = Application(
            router: router,
            server: .gatewayHTTP1(configuration: configuration.http1Channel),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        let redis = self.redis
        let authenticator = self.authenticator
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await redis.run() }
            group.addTask { try await authenticator.run() }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while redis.connectedCount < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            do {
                try await app.test(.live) { client in try await body(client) }
            } catch {
                try? await CacheTestHarness.deleteKeys(prefix: self.keyspace.prefix, on: redis)
                throw error
            }
            try await CacheTestHarness.deleteKeys(prefix: self.keyspace.prefix, on: redis)
        }
    }

    /// How many times Redis has run `command` since it started (`INFO commandstats`).
    func calls(of command: String) async throws -> Int {
        let info = try await self.redis.send(RedisCommand("INFO", ["commandstats"])).string ?? ""
        let prefix = "cmdstat_\(command.lowercased()):calls="
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(line.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    }

    func headers(_ key: String, json: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]) ?? [:]
    }
}
