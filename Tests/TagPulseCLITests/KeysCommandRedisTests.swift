import Foundation
import TagPulseAccess
import TagPulseRedis
import XCTest

/// The built `tagpulse keys` against the shared test Redis, each test under its own key prefix (deleted afterwards).
final class KeysCommandRedisTests: XCTestCase {
    func testCreateListRotateRevokeRoundTrip() async throws {
        let prefix = uniquePrefix()
        try await withSharedRedis(prefix: prefix) { client in
            // create --json: the admin API's object, with the key.
            let created = try await keys(
                ["create", "--name", "acme prod", "--tier", "standard", "--scopes", "analyze,warm", "--client", "acme", "--json"],
                prefix: prefix
            )
            XCTAssertEqual(created.status, 0, created.standardError)
            let object = try jsonObject(created.standardOutput)
            XCTAssertEqual(
                Set(object.keys),
                ["id", "key", "name", "client", "tier", "scopes", "status", "created"],
                "no digest, no empty fields"
            )
            let id = try XCTUnwrap(object["id"] as? String)
            let first = try XCTUnwrap(APIKey(parsing: try XCTUnwrap(object["key"] as? String)))
            XCTAssertEqual(first.id, id)
            XCTAssertEqual(object["name"] as? String, "acme prod")
            XCTAssertEqual(object["client"] as? String, "acme")
            XCTAssertEqual(object["tier"] as? String, "standard")
            XCTAssertEqual(object["scopes"] as? [String], ["analyze", "warm"])
            XCTAssertEqual(object["status"] as? String, "live")

            // create (text): the key once, said to be shown once, with id, tier and scopes.
            let second = try await keys(["create", "--name", "ci bot", "--scopes", "admin", "--expires-in", "2h"], prefix: prefix)
            XCTAssertEqual(second.status, 0, second.standardError)
            let secondKey = try XCTUnwrap(second.standardOutput.split(separator: "\n").first.flatMap { APIKey(parsing: String($0)) })
            XCTAssertEqual(second.standardOutput.components(separatedBy: secondKey.secret).count, 2)
            XCTAssertTrue(second.standardOutput.contains("only time the key is shown"))
            XCTAssertTrue(second.standardOutput.contains("id:        \(secondKey.id)"))
            XCTAssertTrue(second.standardOutput.contains("tier:      free"))
            XCTAssertTrue(second.standardOutput.contains("scopes:    admin"))

            // list: both keys, no secret, no digest (table and JSON).
            let table = try await keys(["list"], prefix: prefix)
            XCTAssertEqual(table.status, 0, table.standardError)
            let rows = table.standardOutput.split(separator: "\n")
            XCTAssertEqual(rows.count, 3, table.standardOutput)
            XCTAssertTrue(rows[0].hasPrefix("ID "))
            XCTAssertTrue(rows[1].hasPrefix(secondKey.id), "newest first")
            XCTAssertTrue(rows[2].hasPrefix(id))
            XCTAssertTrue(
                rows[2].contains("acme prod") && rows[2].contains("standard") && rows[2].contains("analyze,warm") && rows[2].contains("live")
            )
            let listedJSON = try await keys(["list", "--json"], prefix: prefix)
            XCTAssertEqual(listedJSON.status, 0)
            let listed = try XCTUnwrap(try jsonObject(listedJSON.standardOutput)["keys"] as? [[String: Any]])
            XCTAssertEqual(listed.map { $0["id"] as? String }, [secondKey.id, id])
            XCTAssertTrue(listed.allSatisfy { $0["key"] == nil && $0["digest"] == nil })
            for output in [table, listedJSON] {
                for secret in [first.secret, secondKey.secret, KeyRecord.digest(of: first.text), KeyRecord.digest(of: secondKey.text)] {
                    XCTAssertFalse(output.allOutput.contains(secret), "list never shows a secret or a digest")
                }
            }

            // rotate --json: a new key for the same client; the old one works until the overlap ends.
            let started = Int64(Date().timeIntervalSince1970 * 1000)
            let rotatedJSON = try await keys(["rotate", id, "--overlap", "90s", "--json"], prefix: prefix)
            XCTAssertEqual(rotatedJSON.status, 0, rotatedJSON.standardError)
            let rotated = try jsonObject(rotatedJSON.standardOutput)
            let replacement = try XCTUnwrap(APIKey(parsing: try XCTUnwrap(rotated["key"] as? String)))
            XCTAssertNotEqual(replacement.id, id)
            XCTAssertEqual(rotated["client"] as? String, "acme")
            XCTAssertEqual(rotated["tier"] as? String, "standard")
            let previous = try XCTUnwrap(rotated["previous"] as? [String: Any])
            XCTAssertEqual(previous["id"] as? String, id)
            XCTAssertNil(previous["key"])
            let stored = try await KeyStore(redis: client, keyspace: AccessKeyspace(prefix: prefix), nowMilliseconds: { 0 }).record(id: id)
            let notAfter = try XCTUnwrap(stored?.notAfterMilliseconds)
            XCTAssertEqual(Double(notAfter - started), 90_000, accuracy: 10_000)

            // rotate (text) with overlap 0: the new key, and the old one ends now.
            let rotatedText = try await keys(["rotate", replacement.id, "--overlap", "0"], prefix: prefix)
            XCTAssertEqual(rotatedText.status, 0, rotatedText.standardError)
            XCTAssertTrue(rotatedText.standardOutput.hasSuffix("The old key \(replacement.id) stopped working now.\n"), rotatedText.standardOutput)
            XCTAssertTrue(rotatedText.standardOutput.contains("only time the key is shown"))

            // revoke: the record, marked; again: already revoked; then rotate refuses it.
            let revoked = try await keys(["revoke", id], prefix: prefix)
            XCTAssertEqual(revoked.status, 0, revoked.standardError)
            XCTAssertTrue(revoked.standardOutput.hasPrefix("Revoked key \(id)"), revoked.standardOutput)
            XCTAssertTrue(revoked.standardOutput.contains("status:    revoked"))
            let again = try await keys(["revoke", id, "--json"], prefix: prefix)
            XCTAssertEqual(again.status, 0)
            XCTAssertEqual(try jsonObject(again.standardOutput)["status"] as? String, "revoked")
            let rotateRevoked = try await keys(["rotate", id], prefix: prefix)
            XCTAssertEqual(rotateRevoked.status, 1)
            XCTAssertTrue(rotateRevoked.standardError.contains("revoked"), rotateRevoked.standardError)

            let final = try await keys(["list", "--json"], prefix: prefix)
            let statuses = try XCTUnwrap(try jsonObject(final.standardOutput)["keys"] as? [[String: Any]])
                .reduce(into: [String: String]()) { $0[$1["id"] as? String ?? ""] = $1["status"] as? String }
            XCTAssertEqual(statuses[id], "revoked")
            XCTAssertEqual(statuses[replacement.id], "expired")
            XCTAssertEqual(statuses[secondKey.id], "live")
            XCTAssertEqual(statuses.count, 4)
        }
    }

    /// A key minted by the CLI is accepted by the gateway's authenticator (same store, same prefix); revoked, refused.
    func testCreatedKeyVerifiesWithKeyAuthenticator() async throws {
        let prefix = uniquePrefix()
        try await withSharedRedis(prefix: prefix) { client in
            let created = try await keys(["create", "--name", "first", "--tier", "internal", "--scopes", "analyze,admin", "--json"], prefix: prefix)
            XCTAssertEqual(created.status, 0, created.standardError)
            let key = try XCTUnwrap(try jsonObject(created.standardOutput)["key"] as? String)

            let now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
            let store = KeyStore(redis: client, keyspace: AccessKeyspace(prefix: prefix), nowMilliseconds: now)
            let authenticator = KeyAuthenticator(store: store, bootstrap: nil, bootstrapTier: "internal", nowMilliseconds: now, logger: testLogger)
            let caller = try await authenticator.authenticate(key)
            XCTAssertEqual(caller.tier, "internal")
            XCTAssertEqual(caller.scopes, [.analyze, .admin])
            XCTAssertEqual(caller.id, APIKey(parsing: key)?.id)

            let revoked = try await keys(["revoke", caller.id], prefix: prefix)
            XCTAssertEqual(revoked.status, 0, revoked.standardError)
            authenticator.invalidate(id: nil)
            do {
                _ = try await authenticator.authenticate(key)
                XCTFail("a revoked key is refused")
            } catch {
                XCTAssertEqual(error as? AuthenticationError, .revoked)
            }
        }
    }

    /// Without options, the gateway's configuration decides: URL, prefix and tiers from `TAGPULSE_*`.
    func testConfigurationComesFromTheEnvironment() async throws {
        let prefix = uniquePrefix()
        let url = try requireSharedRedis()
        try await withSharedRedis(prefix: prefix) { client in
            let environment = [
                "TAGPULSE_REDIS_URL": url, "TAGPULSE_REDIS_KEY_PREFIX": prefix, "TAGPULSE_RATELIMIT_TIERS": "gold,silver",
                "TAGPULSE_RATELIMIT_DEFAULT_TIER": "silver",
            ]
            let created = try await Tagpulse.run(["keys", "create", "--name", "env", "--json"], environment: environment)
            XCTAssertEqual(created.status, 0, created.standardError)
            XCTAssertEqual(try jsonObject(created.standardOutput)["tier"] as? String, "silver")
            let indexed = try await client.send(RedisCommand("SCARD", [.string(prefix + "keys")]))
            XCTAssertEqual(indexed.int, 1, "written under the prefix")

            let listed = try await Tagpulse.run(["keys", "list"], environment: environment)
            XCTAssertEqual(listed.status, 0)
            XCTAssertEqual(listed.standardOutput.split(separator: "\n").count, 2)
            let elsewhere = try await Tagpulse.run(["keys", "list", "--key-prefix", prefix + "other:"], environment: environment)
            XCTAssertTrue(elsewhere.standardOutput.hasPrefix("No keys under prefix"), elsewhere.standardOutput)
        }
    }

    /// Unknown ids exit with 1 and a message; nothing is written.
    func testUnknownIDExitsWith1() async throws {
        let prefix = uniquePrefix()
        try await withSharedRedis(prefix: prefix) { client in
            for arguments in [["revoke", "zzzzzzzzzzzz"], ["rotate", "zzzzzzzzzzzz"], ["revoke", "zzzzzzzzzzzz", "--json"]] {
                let result = try await keys(arguments, prefix: prefix)
                XCTAssertEqual(result.status, 1, "\(arguments): \(result.allOutput)")
                XCTAssertEqual(result.standardOutput, "")
                XCTAssertTrue(result.standardError.contains("no key with id zzzzzzzzzzzz"), result.standardError)
            }
            let written = try await keyCount(prefix: prefix, client: client)
            XCTAssertEqual(written, 0)
        }
    }

    /// A password the server does not take: status 3 at once (retrying cannot help), the password never printed.
    func testRefusedAuthExitsWith3WithoutThePassword() async throws {
        let url = try requireSharedRedis()
        let configuration = try RedisConfiguration(url: url)
        let address = configuration.address.description
        guard configuration.password == nil, !address.hasPrefix("unix:") else { throw XCTSkip("the shared Redis has a password or is a socket") }
        let result = try await Tagpulse.run(["keys", "list", "--redis-url", "redis://:hunter2-s3cret@\(address)/0"])
        XCTAssertEqual(result.status, 3, result.allOutput)
        XCTAssertTrue(result.standardError.contains(address), result.standardError)
        XCTAssertTrue(result.standardError.contains("refused"), result.standardError)
        XCTAssertFalse(result.allOutput.contains("hunter2"))
        XCTAssertLessThan(result.duration, .seconds(2))
    }
}

/// `tagpulse keys <arguments> --redis-url <shared> --key-prefix <prefix>`.
private func keys(_ arguments: [String], prefix: String) async throws -> CommandResult {
    try await Tagpulse.run(["keys"] + arguments + ["--redis-url", try requireSharedRedis(), "--key-prefix", prefix])
}
