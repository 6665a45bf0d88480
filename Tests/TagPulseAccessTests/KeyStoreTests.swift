import Foundation
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// Keys in the real Redis: create, list, rotate, revoke, and revocation reaching another instance.
final class KeyStoreTests: XCTestCase, @unchecked Sendable {
    func testCreateAuthenticateListRotateRevoke() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            let authenticator = storeAuthenticator(store, clock: clock)
            let created = try await store.create(.init(name: "acme prod", tier: "standard", scopes: [.analyze]))
            let stored = try await client.send(.hgetall(keyspace.key(id: created.key.id))).array?.compactMap(\.string) ?? []
            XCTAssertFalse(stored.contains { $0.contains(created.key.secret) }, "the secret is never stored")
            XCTAssertTrue(stored.contains(KeyRecord.digest(of: created.key.text)))

            let caller = try await authenticator.authenticate(created.key.text)
            XCTAssertEqual(caller, AuthenticatedKey(id: created.key.id, client: created.key.id, tier: "standard", scopes: [.analyze]))
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate("tp_" + created.key.id + "_" + String(repeating: "x", count: 43))) {
                XCTAssertEqual($0 as? AuthenticationError, .invalid)
            }
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate("not a key")) {
                XCTAssertEqual($0 as? AuthenticationError, .invalid)
            }

            // Rotation: a new key for the same client; the old one works until the overlap ends.
            clock.advance(milliseconds: 1)
            let rotation = try await store.rotate(id: created.key.id, overlapMilliseconds: 60_000)
            let rotated = try XCTUnwrap(rotation)
            XCTAssertEqual(rotated.record.client, created.key.id)
            authenticator.invalidate(id: nil)
            do {
                let value = try await authenticator.authenticate(rotated.key.text)
                XCTAssertEqual(value.client, created.key.id)
            }
            do {
                let value = try await authenticator.authenticate(created.key.text)
                XCTAssertEqual(value.id, created.key.id)
            }
            clock.advance(milliseconds: 60_000)
            authenticator.invalidate(id: nil)
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(created.key.text)) {
                XCTAssertEqual($0 as? AuthenticationError, .expired)
            }

            let listed = try await store.list()
            XCTAssertEqual(Set(listed.map(\.id)), [created.key.id, rotated.key.id])
            XCTAssertEqual(listed.first?.id, rotated.key.id, "newest first")

            let revoked = try await store.revoke(id: rotated.key.id)
            XCTAssertNotNil(revoked?.revokedMilliseconds)
            authenticator.invalidate(id: nil)
            await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(rotated.key.text)) {
                XCTAssertEqual($0 as? AuthenticationError, .revoked)
            }
            let unknown = try await store.revoke(id: "zzzzzzzzzzzz")
            XCTAssertNil(unknown)
        }
    }

    /// Two authenticators stand for two gateway instances: a revocation through one reaches the other through
    /// pub/sub within a second, although its cache TTL is an hour.
    func testRevocationReachesAnotherInstanceWithinASecond() async throws {
        let keyspace = uniqueKeyspace()
        try await withSharedRedis(keyspace: keyspace) { client in
            let now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: now)
            let settings = KeyAuthenticator.Settings(cacheTTLMilliseconds: 3_600_000)
            let other = KeyAuthenticator(
                store: store,
                bootstrap: nil,
                bootstrapTier: "internal",
                settings: settings,
                nowMilliseconds: now,
                logger: testLogger
            )
            let created = try await store.create(.init(name: "acme", tier: "free", scopes: [.analyze]))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await other.run() }
                defer { group.cancelAll() }
                _ = try await other.authenticate(created.key.text)  // cached for an hour
                // The subscription is up once a published notice arrives.
                try await waitUntil("the subscription is up") {
                    _ = try await client.send(.publish(keyspace.keyEventsChannel, "changed probe"))
                    let subscribers = try await client.send(RedisCommand("PUBSUB", ["NUMSUB", .string(keyspace.keyEventsChannel)]))
                    return subscribers.array?.last?.int == 1
                }
                _ = try await store.revoke(id: created.key.id)
                let started = ContinuousClock.now
                try await waitUntil("the other instance refuses the key", timeout: .seconds(1)) {
                    do {
                        _ = try await other.authenticate(created.key.text)
                        return false
                    } catch {
                        return (error as? AuthenticationError) == .revoked
                    }
                }
                XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
            }
        }
    }

    func testBootstrapKeyAndStaleRecordsWhileTheStoreIsDown() async throws {
        let clock = TestClock()
        let client = try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: testLogger)
        let store = KeyStore(redis: client, keyspace: AccessKeyspace(prefix: "tp:test:down:"), nowMilliseconds: { clock.milliseconds })
        let authenticator = KeyAuthenticator(
            store: store,
            bootstrap: BootstrapKey(secret: "bootstrap-secret-123"),
            bootstrapTier: "internal",
            nowMilliseconds: { clock.milliseconds },
            logger: testLogger
        )
        let bootstrap = try await authenticator.authenticate("bootstrap-secret-123")
        XCTAssertEqual(bootstrap.scopes, Set(KeyScope.allCases))
        XCTAssertEqual(bootstrap.tier, "internal")
        await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(APIKey.generate().text)) {
            XCTAssertEqual($0 as? AuthenticationError, .unavailable, "a key never seen cannot be checked: 503, not 401")
        }
    }
}

func XCTAssertThrowsErrorAsync<T>(
    _ expression: @autoclosure () async throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ handler: (any Error) -> Void = { _ in }
) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {
        handler(error)
    }
}
