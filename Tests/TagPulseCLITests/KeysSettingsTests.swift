import Foundation
import TagPulseSettings
import XCTest

@testable import TagPulseCLI

/// The gateway's configuration keys and defaults, with `--redis-url` and `--key-prefix` over them.
final class KeysSettingsTests: XCTestCase {
    func testDefaults() throws {
        let settings = try KeysSettings(source: ConfigSource(environment: [:]), redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(settings.redisAddress, "127.0.0.1:6379")
        XCTAssertEqual(settings.redis.database, 0)
        XCTAssertEqual(settings.keyspace.prefix, "tp:")
        XCTAssertEqual(settings.tiers, ["free", "standard", "internal"])
        XCTAssertEqual(settings.defaultTier, "free")
        XCTAssertEqual(settings.redis.poolSize, 1)
    }

    func testEnvironmentThenOptions() throws {
        let environment = [
            "TAGPULSE_REDIS_URL": "redis://:pw@10.0.0.5:6380/2",
            "TAGPULSE_REDIS_KEY_PREFIX": "acme:",
            "TAGPULSE_RATELIMIT_TIERS": "gold, silver ,",
            "TAGPULSE_RATELIMIT_DEFAULT_TIER": "silver",
        ]
        let fromEnvironment = try KeysSettings(source: ConfigSource(environment: environment), redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(fromEnvironment.redisAddress, "10.0.0.5:6380")
        XCTAssertEqual(fromEnvironment.redis.database, 2)
        XCTAssertEqual(fromEnvironment.redis.password, "pw")
        XCTAssertEqual(fromEnvironment.keyspace.prefix, "acme:")
        XCTAssertEqual(fromEnvironment.tiers, ["gold", "silver"])
        XCTAssertEqual(try fromEnvironment.tier(nil), "silver")

        let withOptions = try KeysSettings(
            source: ConfigSource(environment: environment),
            redisURL: "redis://127.0.0.1:6401/0",
            keyPrefix: "tp:other:"
        )
        XCTAssertEqual(withOptions.redisAddress, "127.0.0.1:6401")
        XCTAssertNil(withOptions.redis.password)
        XCTAssertEqual(withOptions.keyspace.prefix, "tp:other:")
    }

    func testConfigFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-cli-\(UUID().uuidString).yaml").path
        try "redis:\n  url: redis://127.0.0.1:6402/1\n  key_prefix: \"file:\"\nratelimit:\n  tiers: [free, pro]\n".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try ConfigSource.load(environment: ["TAGPULSE_CONFIG": path, "TAGPULSE_REDIS_KEY_PREFIX": "env:"])
        let settings = try KeysSettings(source: source, redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(settings.redisAddress, "127.0.0.1:6402")
        XCTAssertEqual(settings.keyspace.prefix, "env:", "the environment wins over the file")
        XCTAssertEqual(settings.tiers, ["free", "pro"])
        XCTAssertEqual(settings.defaultTier, "free")
    }

    func testBadValuesNameWhereTheyCameFromButNeverThePassword() {
        func failure(_ environment: [String: String], redisURL: String? = nil, keyPrefix: String? = nil) -> CommandFailure? {
            do {
                _ = try KeysSettings(source: ConfigSource(environment: environment), redisURL: redisURL, keyPrefix: keyPrefix)
                return nil
            } catch {
                return error
            }
        }
        let optionURL = failure([:], redisURL: "http://user:hunter2@example.com")
        XCTAssertEqual(optionURL?.status, .usage)
        XCTAssertEqual(optionURL?.message.hasPrefix("--redis-url: "), true, optionURL?.message ?? "")
        XCTAssertEqual(optionURL?.message.contains("hunter2"), false)

        let environmentURL = failure(["TAGPULSE_REDIS_URL": "rediss://:hunter2@example.com:6380"])
        XCTAssertEqual(environmentURL?.message.hasPrefix("TAGPULSE_REDIS_URL: "), true, environmentURL?.message ?? "")
        XCTAssertEqual(environmentURL?.message.contains("hunter2"), false)

        XCTAssertEqual(failure([:], keyPrefix: "has space")?.message, "--key-prefix: must be 1–64 characters without spaces or braces")
        XCTAssertEqual(
            failure(["TAGPULSE_REDIS_KEY_PREFIX": "{tp}"])?.message,
            "TAGPULSE_REDIS_KEY_PREFIX: must be 1–64 characters without spaces or braces"
        )
        XCTAssertEqual(failure(["TAGPULSE_RATELIMIT_TIERS": " , "])?.message, "TAGPULSE_RATELIMIT_TIERS: must name at least one tier")
    }

    func testTierListsTheKnownTiers() throws {
        let settings = try KeysSettings(source: ConfigSource(environment: [:]), redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(try settings.tier("standard"), "standard")
        XCTAssertThrowsError(try settings.tier("gold")) { error in
            XCTAssertEqual((error as? CommandFailure)?.message, "--tier: unknown tier 'gold'; known tiers: free, standard, internal")
        }
        let broken = try KeysSettings(
            source: ConfigSource(environment: ["TAGPULSE_RATELIMIT_DEFAULT_TIER": "gold"]),
            redisURL: nil,
            keyPrefix: nil
        )
        XCTAssertThrowsError(try broken.tier(nil)) { error in
            XCTAssertEqual(
                (error as? CommandFailure)?.message,
                "TAGPULSE_RATELIMIT_DEFAULT_TIER: the default tier 'gold' is not in ratelimit.tiers (free, standard, internal); pass --tier"
            )
        }
    }
}
