import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import TagPulseAccess
import TagPulseCache
import TagPulseRedis
import XCTest

@testable import TagPulseGateway

/// A gateway router with the real cache on the shared test Redis (its own key prefix, deleted afterwards), an
/// in-memory engine that counts calls, and a clock the test moves.
final class CacheTestHarness: Sendable {
    static let key = "tp_cache_test_key_0123456789"
    let engine = InMemoryEngine()
    let clock = Mutex<Int64>(1_764_000_000_000)
    let prefix = "tp:test:cache:\(UUID().uuidString.prefix(8)):"
    let redis: RedisClient
    /// A second client for entries (database 1 of the same server), when the test asks for a separate cache Redis.
    let cacheRedis: RedisClient?
    /// The running cache's hot cache and inflated bodies (set by ``run(_:)``).
    private let hotCache = Mutex<HotCache?>(nil)
    private let inflated = Mutex<InflatedBodies?>(nil)
    /// Usage counted by the router and the cache (in memory; nothing flushes it here).
    let usage = UsageRecorder(maxBuckets: 1000, nowMilliseconds: { 1_764_000_000_000 })

    init(separateCacheRedis: Bool = false) throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping cache integration tests")
        }
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 2
        self.redis = try RedisClient(configuration: configuration, logger: Logger(label: "test"))
        if separateCacheRedis {
            var cache = configuration
            cache.database = 1
            self.cacheRedis = try RedisClient(configuration: cache, logger: Logger(label: "test"))
        } else {
            self.cacheRedis = nil
        }
    }

    var now: Int64 { self.clock.withLock { $0 } }
    func advance(seconds: Int64) { self.clock.withLock { $0 += seconds * 1000 } }

    /// Runs `body` against the router while Redis, the notice listener and the refresher run.
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var configuration = GatewayConfiguration(bootstrapKey: Self.key)
        configuration.keyPrefix = self.prefix
        let now: @Sendable () -> Int64 = { self.now }
        let access = GatewayAccess.bootstrapOnly(Self.key, nowMilliseconds: now)
        let parts = GatewayApplication.makeCache(
            configuration: configuration,
            engine: self.engine,
            access: access,
            control: self.redis,
            cacheRedis: self.cacheRedis,
            nowMilliseconds: now,
            usage: self.usage,
            logger: Logger(label: "test")
        )
        let router = GatewayApplication.makeRouter(
            configuration: configuration,
            engine: self.engine,
            access: access,
            cache: parts.cache,
            nowMilliseconds: now,
            generateRequestID: { "rid" },
            usage: self.usage
        )
        self.hotCache.withLock { $0 = parts.cache.hits.hot }
        self.inflated.withLock { $0 = parts.cache.bodies }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.redis.run() }
            if let cacheRedis = self.cacheRedis { group.addTask { try await cacheRedis.run() } }
            for service in parts.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while self.redis.connectedCount < 2 || (self.cacheRedis?.connectedCount ?? 2) < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            // Background refreshes may still be writing when the body returns: let them finish before cleaning up.
            let settle = {
                let deadline = ContinuousClock.now + .seconds(5)
                while !parts.cache.refresher.isIdle, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
            }
            do {
                try await Application(router: router).test(.router) { client in try await body(client) }
            } catch {
                await settle()
                try? await self.deleteKeys()
                throw error
            }
            await settle()
            try await self.deleteKeys()
        }
    }

    func deleteKeys() async throws {
        try await Self.deleteKeys(prefix: self.prefix, on: self.redis)
        if let cacheRedis = self.cacheRedis { try await Self.deleteKeys(prefix: self.prefix, on: cacheRedis) }
    }

    /// Keys under the test's prefix on `client`.
    func keys(on client: RedisClient) async throws -> [String] {
        try await client.send(RedisCommand("KEYS", [.string(self.prefix + "*")])).array?.compactMap(\.string) ?? []
    }

    static func deleteKeys(prefix: String, on redis: RedisClient) async throws {
        var cursor = "0"
        repeat {
            let reply = try await redis.send(RedisCommand("SCAN", [.string(cursor), "MATCH", .string(prefix + "*"), "COUNT", "1000"]))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else { return }
            let keys = parts[1].array?.compactMap(\.string) ?? []
            if !keys.isEmpty { _ = try await redis.send(.del(keys)) }
            cursor = next
        } while cursor != "0"
    }

    var calls: Int { self.engine.calls.withLock { $0.count } }

    /// Entries in the running cache's hot cache.
    var hotEntries: Int { self.hotCache.withLock { $0?.usage.count ?? 0 } }

    /// Uncompressed bodies the running cache remembers.
    var inflatedBodies: Int { self.inflated.withLock { $0?.usage.count ?? 0 } }

    /// Usage counted so far for `client`, every key and day added.
    func usage(of client: String) -> UsageCounts {
        self.usage.pending.filter { $0.key.account.client == client }.values.reduce(UsageCounts(), +)
    }

    static func headers(_ extra: [(String, String)] = []) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(Self.key)", .contentType: "application/json"]
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return headers
    }
}

extension TestResponse {
    var cacheStatus: String? { self.headers[HTTPField.Name("Cache-Status")!] }
}
