import Foundation
import Logging
import NIOCore
import TagPulseCache
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// A fill whose Redis reply is lost (it timed out on the client after Redis ran the command) still makes at most one
/// engine call across the fleet and leaves no lease behind (real Redis, behind ``ReplyDroppingRedisProxy``).
final class FillLostReplyTests: XCTestCase, @unchecked Sendable {
    let prefix = "tp:test:lost:\(UUID().uuidString.prefix(8)):"
    let engine = InMemoryEngine()
    let now: Int64 = 1_764_000_000_000
    var key: CacheKey { CacheKey(kind: .hashtag, params: self.params, analyzer: "local", defaultModel: "local-2") }
    let params = AnalysisParams(target: "skincare", prompt: "What do people think about the price?")

    /// The lease was granted but its reply lost: this request learns it holds the lease, calls the engine once and
    /// releases the lease (before: it called the engine without knowing, and the lease stayed until it expired, so
    /// another instance's fill of the key waited for nothing).
    func testALeaseGrantedWhoseReplyIsLostIsKnownAsHeldAndReleased() async throws {
        try await self.withCache(proxied: .control) { cache, proxy, direct in
            proxy.dropRepliesOnOpenConnections()
            let outcome = try await self.fill(cache)
            guard case .filled(let result) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertFalse(result.collapsed)
            XCTAssertEqual(self.engine.calls.withLock { $0.count }, 1)
            let released = try await self.leaseReleased(on: direct)
            XCTAssertTrue(released, "the lease is released, not left until it expires")
        }
    }

    /// Another instance holds the lease and our `SET NX`'s "no" was lost: this request must wait for that fill, not
    /// call the engine a second time (before: it called the engine as if Redis were down).
    func testALeaseRefusalWhoseReplyIsLostWaitsForTheHolder() async throws {
        try await self.withCache(proxied: .control) { cache, proxy, direct in
            _ = try await direct.send(.set(self.keyspace.lease(self.key), .string("another-instance"), expireMilliseconds: 60_000))
            proxy.dropRepliesOnOpenConnections()
            async let outcome = self.fill(cache)
            // The other instance fills after a while: stores the entry and announces it.
            try await Task.sleep(for: .milliseconds(700))
            try await self.storeEntry(on: direct)
            _ = try await direct.send(.publish(self.keyspace.noticesChannel, .string("filled " + self.key.hex)))
            guard case .filled(let result) = try await outcome else { return XCTFail("not filled") }
            XCTAssertTrue(result.collapsed, "answered by the other instance's fill")
            XCTAssertEqual(self.engine.calls.withLock { $0.count }, 0, "no second engine call")
        }
    }

    /// The lease holder's look-up for an entry stored just before got no reply: it looks again and finds the entry
    /// (before: the failed look-up counted as "absent" and the engine was called a second time).
    func testAHoldersLookUpWhoseReplyIsLostIsTriedAgainNotTakenForAbsent() async throws {
        try await self.withCache(proxied: .cache) { cache, proxy, direct in
            try await self.storeEntry(on: direct)
            proxy.dropRepliesOnOpenConnections()
            guard case .filled(let result) = try await self.fill(cache) else { return XCTFail("not filled") }
            XCTAssertTrue(result.collapsed, "the stored entry answered")
            XCTAssertEqual(self.engine.calls.withLock { $0.count }, 0, "no second engine call")
            let released = try await self.leaseReleased(on: direct)
            XCTAssertTrue(released, "the lease is released")
        }
    }

    // MARK: - Set-up

    var keyspace: CacheKeyspace { GatewayKeyspace(prefix: self.prefix).cache }

    func fill(_ cache: AnalysisCache) async throws -> AnalysisCache.FillOutcome {
        try await cache.fillAcrossFleet(.hashtag, params: self.params, key: self.key, notBefore: .min, chargeTo: nil, account: nil, requestID: "r")
    }

    /// Whether the key's lease is gone within 2 s (a release is sent without waiting for it).
    func leaseReleased(on direct: RedisClient) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            if try await direct.send(.get(self.keyspace.lease(self.key))).isNull { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Stores a fresh entry for the key as another instance's fill would (entries and leases on one server).
    func storeEntry(on direct: RedisClient) async throws {
        let entry = try CacheEntry(
            status: 200,
            body: ByteBuffer(string: #"{"ok":true}"#),
            tags: self.key.tags,
            storedAt: self.now,
            lifetimes: .defaultPositive
        )
        let stored = try await CacheStore(control: direct, cache: nil, keyspace: self.keyspace, maximumEntryBytes: 1 << 20).store(
            entry,
            for: self.key
        ).get()
        XCTAssertTrue(stored)
    }

    enum Proxied { case control, cache }

    /// Runs `body` with a cache whose control Redis (or separate cache Redis) goes through a proxy that can lose
    /// replies (command timeout 300 ms), and a direct client to the same server for the test's own reads and writes.
    func withCache(proxied: Proxied, _ body: @Sendable (AnalysisCache, ReplyDroppingRedisProxy, RedisClient) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping cache integration tests")
        }
        let target = try XCTUnwrap(URL(string: url))
        let proxy = try await ReplyDroppingRedisProxy(toHost: target.host ?? "127.0.0.1", port: target.port ?? 6379)
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 1
        let direct = try RedisClient(configuration: configuration, logger: Logger(label: "test"))
        let proxiedClient = try proxy.client(like: configuration, commandTimeout: .milliseconds(300))
        var gateway = GatewayConfiguration()
        gateway.keyPrefix = self.prefix
        gateway.engine.requestTimeout = .seconds(10)
        let now = self.now
        let parts = GatewayApplication.makeCache(
            configuration: gateway,
            engine: self.engine,
            access: .bootstrapOnly(nil, nowMilliseconds: { now }),
            control: proxied == .control ? proxiedClient : direct,
            cacheRedis: proxied == .cache ? proxiedClient : nil,
            nowMilliseconds: { now },
            logger: Logger(label: "test")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await direct.run() }
            group.addTask { try await proxiedClient.run() }
            for service in parts.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while direct.connectedCount < 1 || proxiedClient.connectedCount < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            // Set-up traffic (the notice subscription, the memory guard's first look) done before replies are lost.
            try await Task.sleep(for: .milliseconds(200))
            do {
                try await body(parts.cache, proxy, direct)
            } catch {
                try? await CacheTestHarness.deleteKeys(prefix: self.prefix, on: direct)
                await proxy.close()
                throw error
            }
            try await CacheTestHarness.deleteKeys(prefix: self.prefix, on: direct)
            await proxy.close()
        }
    }
}
