import Foundation
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// The key cache under a flood of made-up ids (issue #15, item 4): unknown ids live in their own bounded LRU table
/// and never push valid keys out (the cache used to `removeAll` at its capacity, sending every key back to Redis).
final class KeyCacheTests: XCTestCase, @unchecked Sendable {
    func testUnknownIdsNeverEvictValidKeys() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let store = KeyStore(redis: client, keyspace: keyspace, nowMilliseconds: { clock.milliseconds })
            let authenticator = storeAuthenticator(
                store,
                clock: clock,
                settings: .init(cacheTTLMilliseconds: 600_000, negativeTTLMilliseconds: 600_000, capacity: 50, negativeCapacity: 50)
            )
            let valid = try await store.create(.init(name: "valid", tier: "free", scopes: [.analyze]))
            _ = try await authenticator.authenticate(valid.key.text)
            for _ in 0..<200 {
                await XCTAssertThrowsErrorAsync(try await authenticator.authenticate(APIKey.generate().text)) {
                    XCTAssertEqual($0 as? AuthenticationError, .invalid)
                }
            }
            XCTAssertEqual(authenticator.cache.withLock { $0.unknown.count }, 50, "the negative cache is bounded")
            let before = try await hgetallCalls(client)
            let caller = try await authenticator.authenticate(valid.key.text)
            XCTAssertEqual(caller.id, valid.key.id)
            let after = try await hgetallCalls(client)
            XCTAssertEqual(after - before, 0, "the valid key is still cached after 200 unknown ids")
            XCTAssertNotNil(authenticator.cachedKey(valid.key.text))
        }
    }
}
