import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagPulseAccess
import XCTest

@testable import TagPulseGateway

/// Rotation through the admin API on the real key store (issue #15, item 7): the new key keeps the old one's
/// expiry, and a revoked or expired key cannot be rotated (409 `KEY_NOT_ROTATABLE`).
final class KeyRotationTests: XCTestCase, @unchecked Sendable {
    func testRotationKeepsTheExpiryAndRefusesKeysThatNoLongerWork() async throws {
        let harness = try AccessRedisHarness()
        let admin = AccessRedisHarness.adminKey
        try await harness.run { client in
            // A key that expires in an hour rotates into one that expires at the same moment, not never.
            let created = try await client.execute(
                uri: "/v1/admin/keys",
                method: .post,
                headers: harness.headers(admin, json: true),
                body: ByteBuffer(string: #"{"name":"short lived","tier":"free","expires_in_s":3600}"#)
            ) { response -> [String: Any] in
                XCTAssertEqual(response.status, .created)
                return AccessRedisHarness.json(response.body)
            }
            let id = try XCTUnwrap(created["id"] as? String)
            let notAfter = try XCTUnwrap(created["not_after"] as? String)
            let rotated = try await client.execute(
                uri: "/v1/admin/keys/\(id)/rotate",
                method: .post,
                headers: harness.headers(admin, json: true),
                body: ByteBuffer(string: #"{"overlap_s":60}"#)
            ) { response -> [String: Any] in
                XCTAssertEqual(response.status, .created)
                return AccessRedisHarness.json(response.body)
            }
            XCTAssertEqual(rotated["not_after"] as? String, notAfter, "the new key keeps the old one's expiry")
            let newID = try XCTUnwrap(rotated["id"] as? String)
            let stored = try await harness.store.record(id: newID)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            XCTAssertEqual(Double(try XCTUnwrap(stored?.notAfterMilliseconds) - now), 3_600_000, accuracy: 60_000, "an hour from creation")
            let original = try await harness.store.record(id: id)
            XCTAssertEqual(Double(try XCTUnwrap(original?.notAfterMilliseconds) - now), 60_000, accuracy: 10_000, "the old key: the overlap")

            // Revoked: 409.
            try await client.execute(uri: "/v1/admin/keys/\(newID)", method: .delete, headers: harness.headers(admin)) {
                XCTAssertEqual($0.status, .ok)
            }
            try await client.execute(
                uri: "/v1/admin/keys/\(newID)/rotate",
                method: .post,
                headers: harness.headers(admin, json: true),
                body: ByteBuffer(string: "{}")
            ) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
                let problem = AccessRedisHarness.json(response.body)
                XCTAssertEqual(problem["code"] as? String, "KEY_NOT_ROTATABLE")
                XCTAssertTrue((problem["detail"] as? String)?.contains("revoked") == true)
            }

            // Expired: 409, and nothing was created.
            let expired = try await harness.store.create(.init(name: "expired", tier: "free", scopes: [.analyze], notAfterMilliseconds: now - 1000))
            let before = try await harness.store.list().count
            try await client.execute(
                uri: "/v1/admin/keys/\(expired.key.id)/rotate",
                method: .post,
                headers: harness.headers(admin, json: true),
                body: ByteBuffer(string: "{}")
            ) { response in
                XCTAssertEqual(response.status, .conflict)
                let problem = AccessRedisHarness.json(response.body)
                XCTAssertEqual(problem["code"] as? String, "KEY_NOT_ROTATABLE")
                XCTAssertTrue((problem["detail"] as? String)?.contains("expired") == true)
            }
            let after = try await harness.store.list().count
            XCTAssertEqual(after, before, "no key was created for an expired one")

            // Unknown: still 404.
            try await client.execute(
                uri: "/v1/admin/keys/zzzzzzzzzzzz/rotate",
                method: .post,
                headers: harness.headers(admin, json: true),
                body: ByteBuffer(string: "{}")
            ) {
                XCTAssertEqual($0.status, .notFound)
            }
        }
    }
}
