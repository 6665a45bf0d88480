import HTTPTypes
import HummingbirdTesting
import TagPulseAccess
import XCTest

@testable import TagPulseGateway

/// Bad keys from one address (issue #15, item 4): once the address is over `ratelimit.ip`, it is refused before any
/// key-store lookup, so the flood costs Redis no `HGETALL`; a valid key this instance has cached still works.
final class BadKeyFloodTests: XCTestCase, @unchecked Sendable {
    func testAnAddressOverItsLimitIsRefusedBeforeAnyKeyLookup() async throws {
        let harness = try AccessRedisHarness(
            settings: RateLimitSettings(ip: [RatePolicy(group: "ip", limit: 5, periodMilliseconds: 60_000)], decisionTimeout: .seconds(2))
        )
        try await harness.run { client in
            let created = try await harness.store.create(.init(name: "valid", tier: "free", scopes: [.admin]))
            try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(created.key.text)) {
                XCTAssertEqual($0.status, .ok, "a valid key is charged to no address window")
            }
            let lookupsBefore = try await harness.calls(of: "hgetall")
            var statuses: [Int] = []
            for _ in 0..<20 {
                let status = try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(APIKey.generate().text)) {
                    Int($0.status.code)
                }
                statuses.append(status)
            }
            let lookups = try await harness.calls(of: "hgetall") - lookupsBefore
            XCTAssertEqual(statuses.filter { $0 == 401 }.count, 5, "\(statuses)")
            XCTAssertEqual(statuses.filter { $0 == 429 }.count, 15, "\(statuses)")
            XCTAssertEqual(lookups, 5, "only the admitted attempts reached the key store; the 15 refused ones cost no HGETALL")

            try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(created.key.text)) {
                XCTAssertEqual($0.status, .ok, "a valid key cached on this instance still works from the flooded address")
            }
        }
    }

    /// A valid key whose cached record is due for a refresh is looked up again, but never charged to its address:
    /// a flood sharing the address (a NAT, an untrusted proxy) cannot lock it out (found by the proof harness's R9).
    func testAValidKeyDueForARefreshIsNotLockedOutByAFloodFromItsAddress() async throws {
        let harness = try AccessRedisHarness(
            settings: RateLimitSettings(ip: [RatePolicy(group: "ip", limit: 5, periodMilliseconds: 60_000)], decisionTimeout: .seconds(2)),
            keyCache: .init(cacheTTLMilliseconds: 0)
        )
        try await harness.run { client in
            let created = try await harness.store.create(.init(name: "valid", tier: "free", scopes: [.admin]))
            try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(created.key.text)) {
                XCTAssertEqual($0.status, .ok)
            }
            for _ in 0..<20 {
                _ = try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(APIKey.generate().text)) { $0.status }
            }
            for attempt in 0..<3 {
                try await client.execute(uri: "/v1/admin/keys", method: .get, headers: harness.headers(created.key.text)) {
                    XCTAssertEqual($0.status, .ok, "attempt \(attempt): the address is over its limit, the key is still valid")
                }
            }
        }
    }
}
