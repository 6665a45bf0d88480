import Foundation
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// Refresh-ahead of a key in use: the event-loop hit path (`cachedKey`) reads a key again in the background once its
/// copy is three quarters of `auth.cache_ttl_ms` old, one read per id at a time, so its requests never find the copy
/// expired. Real Redis; the clock is the test's.
final class KeyRefreshAheadTests: XCTestCase, @unchecked Sendable {
    static let ttl: Int64 = 4_000

    /// A store on the shared Redis (under a keyspace of the test's own), an authenticator with the test clock that
    /// has just authenticated a new key `name` (so its copy is cached, 0 ms old), and that key.
    func withCachedKey(
        _ name: String,
        function: String = #function,
        _ body: @Sendable (RedisClient, KeyStore, KeyAuthenticator, TestClock, (key: APIKey, record: KeyRecord)) async throws -> Void
    ) async throws {
        let keyspace = uniqueKeyspace(function)
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            // Not subscribed (`run()` is not started): no change notice ever arrives.
            let authenticator = storeAuthenticator(store, clock: clock, settings: .init(cacheTTLMilliseconds: Self.ttl))
            let created = try await store.create(.init(name: name, tier: "free", scopes: [.analyze]))
            _ = try await authenticator.authenticate(created.key.text)
            try await body(client, store, authenticator, clock, created)
        }
    }

    /// Waits (up to 5 s) until no refresh is in flight.
    func settle(_ authenticator: KeyAuthenticator) async throws {
        for _ in 0..<500 {
            if authenticator.cache.withLock({ $0.refreshing.isEmpty }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("a refresh did not finish")
    }

    func testAKeyInUseIsReadAgainOnceBeforeItsCopyExpires() async throws {
        try await self.withCachedKey("in-use") { client, _, authenticator, clock, created in
            // Younger than three quarters of the TTL: served from the copy, no read.
            clock.advance(milliseconds: Self.ttl / 2)
            var before = try await hgetallCalls(client)
            XCTAssertNotNil(authenticator.cachedKey(created.key.text))
            try await self.settle(authenticator)
            var after = try await hgetallCalls(client)
            XCTAssertEqual(after - before, 0)

            // Past three quarters: every request is still served from the copy, and one read goes out for all of them.
            clock.advance(milliseconds: Self.ttl / 4)
            before = try await hgetallCalls(client)
            for _ in 0..<100 { XCTAssertEqual(authenticator.cachedKey(created.key.text)?.id, created.key.id) }
            try await self.settle(authenticator)
            after = try await hgetallCalls(client)
            XCTAssertEqual(after - before, 1, "one read per id at a time, and none for a copy just read")

            // Past the first copy's TTL, within the refreshed one's: still answered from the cache.
            clock.advance(milliseconds: Self.ttl / 2)
            XCTAssertEqual(authenticator.cachedKey(created.key.text)?.id, created.key.id)
            try await self.settle(authenticator)
        }
    }

    func testARefreshSeesARevocationWhoseNoticeWasMissed() async throws {
        try await self.withCachedKey("revoked") { _, store, authenticator, clock, created in
            _ = try await store.revoke(id: created.key.id)

            clock.advance(milliseconds: Self.ttl * 3 / 4)
            XCTAssertNotNil(authenticator.cachedKey(created.key.text), "the copy serves while the refresh is out")
            try await self.settle(authenticator)
            XCTAssertNil(authenticator.cachedKey(created.key.text), "refused from the cache once the refresh read it")
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(created.key.text)) {
                XCTAssertEqual($0 as? AuthenticationError, .revoked)
            }
        }
    }

    func testADropWhileARefreshIsOutLeavesNothingCached() async throws {
        try await self.withCachedKey("dropped") { _, _, authenticator, clock, created in
            clock.advance(milliseconds: Self.ttl * 3 / 4)
            XCTAssertNotNil(authenticator.cachedKey(created.key.text))
            // A change notice right after the refresh went out: whether its reply came before or after, the id's copy
            // must be gone (a reply that raced the drop is not cached; one that came first was dropped with it).
            authenticator.invalidate(id: created.key.id)
            try await self.settle(authenticator)
            XCTAssertNil(authenticator.cache.withLock { $0.records.peek(created.key.id) })
            XCTAssertNil(authenticator.cachedKey(created.key.text))
        }
    }
}
