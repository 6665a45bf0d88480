import Foundation
import TagPulseRedis
import TagPulseTestSupport
import XCTest

@testable import TagPulseAccess

/// Revocation races (issue #15, item 10): a lookup answered before a revoke but finished after its notice must not
/// re-cache the live record, and a notice lost while the subscription was down is made good when it resubscribes.
final class RevocationRaceTests: XCTestCase, @unchecked Sendable {
    func authenticator(_ store: KeyStore, clock: TestClock) -> KeyAuthenticator {
        storeAuthenticator(store, clock: clock, settings: .init(cacheTTLMilliseconds: 3_600_000))
    }

    func testALookupThatRacedARevocationIsNotCached() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            let authenticator = self.authenticator(store, clock: clock)
            let created = try await store.create(.init(name: "racy", tier: "free", scopes: [.analyze]))
            XCTAssertEqual(created.record.generation, 0)

            // The lookup reads the live record…
            let lookup = authenticator.beginLookup(created.key.id)
            let live = try await store.record(id: created.key.id)
            XCTAssertNil(live?.revokedMilliseconds)
            // …the key is revoked and this instance gets the notice…
            let revoked = try await store.revoke(id: created.key.id)
            XCTAssertEqual(revoked?.generation, 1, "a revocation bumps the generation")
            let beforeNotice = authenticator.changes
            authenticator.invalidate(id: created.key.id, generation: 1)
            XCTAssertGreaterThan(authenticator.changes, beforeNotice, "a notice ends every connection's remembered answer")
            // …and only then does the lookup finish: it must not cache the live copy.
            XCTAssertFalse(authenticator.finishLookup(lookup, record: live, now: clock.milliseconds))
            XCTAssertNil(authenticator.cachedKey(created.key.text))
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(created.key.text)) {
                XCTAssertEqual($0 as? AuthenticationError, .revoked)
            }

            // A copy older than an announced generation is never cached, even by a lookup begun after the notice.
            let late = authenticator.beginLookup(created.key.id)
            let beforeRefused = authenticator.changes
            XCTAssertFalse(authenticator.finishLookup(late, record: live, now: clock.milliseconds))
            XCTAssertEqual(authenticator.changes, beforeRefused, "a lookup that caches nothing changes nothing")
            let current = try await store.record(id: created.key.id)
            let beforeRead = authenticator.changes
            XCTAssertTrue(authenticator.finishLookup(late, record: current, now: clock.milliseconds))
            XCTAssertGreaterThan(authenticator.changes, beforeRead, "a record cached again moves the count too")
            let beforeResubscribe = authenticator.changes
            authenticator.invalidate(id: nil)
            XCTAssertGreaterThan(authenticator.changes, beforeResubscribe, "so does unconfirming every record")
        }
    }

    func testNoticesCarryTheGeneration() {
        XCTAssertEqual(KeyAuthenticator.notice("revoked 3 k3xq9v0m2abc").id, "k3xq9v0m2abc")
        XCTAssertEqual(KeyAuthenticator.notice("revoked 3 k3xq9v0m2abc").generation, 3)
        XCTAssertEqual(KeyAuthenticator.notice("changed k3xq9v0m2abc").id, "k3xq9v0m2abc")
        XCTAssertNil(KeyAuthenticator.notice("changed k3xq9v0m2abc").generation)
    }

    /// A revocation whose notice is lost (written without a publish, as if published while the subscription was
    /// down) is made good when the subscription comes back: every cached key is read again, although its TTL is an
    /// hour.
    func testACachedKeyIsReadAgainWhenTheSubscriptionComesBack() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            let authenticator = self.authenticator(store, clock: clock)
            let created = try await store.create(.init(name: "lost notice", tier: "free", scopes: [.analyze]))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await authenticator.run() }
                defer { group.cancelAll() }
                try await waitUntil("the key listener subscribes") {
                    let reply = try await client.send(RedisCommand("PUBSUB", ["NUMSUB", .string(keyspace.keyEventsChannel)]))
                    return reply.array?.last?.int == 1
                }
                // The first subscription's confirmation empties the cache too: cache the key once it has come.
                try await waitUntil("the key is cached") {
                    _ = try await authenticator.authenticate(created.key.text)
                    try await Task.sleep(for: .milliseconds(50))
                    return authenticator.cachedKey(created.key.text) != nil
                }

                _ = try await client.send(.hset(keyspace.key(id: created.key.id), [("revoked", .string(String(clock.milliseconds)))]))
                XCTAssertNotNil(authenticator.cachedKey(created.key.text), "no notice: the cached copy stays")
                _ = try await client.send(RedisCommand("CLIENT", ["KILL", "TYPE", "pubsub"]))
                try await waitUntil("the resubscription unconfirms the key cache", timeout: .seconds(10)) {
                    authenticator.cachedKey(created.key.text) == nil
                }
                await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(created.key.text)) {
                    XCTAssertEqual($0 as? AuthenticationError, .revoked)
                }
            }
        }
    }

    /// After the subscription comes back, a cached key is read again before it is used; but when the store cannot
    /// answer that read, the cached copy still works as a stale one (`auth.stale_ttl_ms`) and still spares the `ip`
    /// charge. Emptying the cache instead refused every stored key (503) in the moments after a Redis restart when
    /// the subscription was back before the commands.
    func testAnUnconfirmedKeyStillWorksWhileTheStoreCannotAnswer() async throws {
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        let server = try RedisServerProcess()
        try server.start()
        defer { server.stop() }
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        // A private server, killed below: no clean-up (its data goes with it).
        let client = try RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/0"), logger: testLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await waitUntil("the pool connects") { client.connectedCount > 0 }
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            let authenticator = self.authenticator(store, clock: clock)
            let created = try await store.create(.init(name: "restart", tier: "free", scopes: [.analyze]))
            _ = try await authenticator.authenticate(created.key.text)
            XCTAssertNotNil(authenticator.cachedKey(created.key.text))

            authenticator.invalidate(id: nil)  // what the resubscription does
            XCTAssertNil(authenticator.cachedKey(created.key.text), "unconfirmed: not answered without reading it again")
            XCTAssertTrue(authenticator.recognizes(created.key.text), "still a key this instance has seen valid")

            server.kill()
            clock.advance(milliseconds: 60_000)
            let caller = try await authenticator.authenticate(created.key.text)
            XCTAssertEqual(caller.id, created.key.id, "the stale copy answers while the store is down")
            XCTAssertNil(authenticator.cachedKey(created.key.text), "and it is still unconfirmed")
            clock.advance(milliseconds: 300_000)
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(created.key.text)) {
                XCTAssertEqual($0 as? AuthenticationError, .unavailable, "past auth.stale_ttl_ms: 503")
            }
        }
    }
}
