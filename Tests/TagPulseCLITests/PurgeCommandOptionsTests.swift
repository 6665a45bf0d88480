import TagPulseCache
import TagPulseSettings
import XCTest

@testable import TagPulseCLI

/// `tagpulse purge`'s options and configuration, checked before anything reaches Redis, and what it prints.
final class PurgeCommandOptionsTests: XCTestCase {
    let hex = String(repeating: "0123456789abcdef", count: 4)

    func target(_ arguments: [String]) throws -> CachePurgeTarget {
        try PurgeCommand.parse(arguments).target()
    }

    func message(_ arguments: [String]) -> String? {
        do {
            let target = try self.target(arguments)
            XCTFail("expected \(arguments) to be refused, got \(target)")
            return nil
        } catch let failure as CommandFailure {
            XCTAssertEqual(failure.status, .usage)
            return failure.message
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testSelectorsBecomeTheAdminAPIsTargets() throws {
        XCTAssertEqual(try self.target(["--hashtag", "#SkinCare"]), .tag(name: "hashtag:skincare"))
        XCTAssertEqual(try self.target(["--account", "@ChefMarco", "--soft"]), .tag(name: "account:chefmarco"))
        XCTAssertEqual(try self.target(["--query", " Air  Fryer "]), .tag(name: "query:air fryer"))
        XCTAssertEqual(try self.target(["--tag", "hashtag:SkinCare"]), .tag(name: "hashtag:skincare"))
        XCTAssertEqual(try self.target(["--key", self.hex.uppercased()]), .key(hex: self.hex))
    }

    func testRefusalsNameTheOptions() {
        XCTAssertEqual(self.message([]), "give one of --hashtag, --account, --query, --tag, --key")
        XCTAssertEqual(
            self.message(["--tag", "hashtag:x", "--hashtag", "x"]),
            "give only one of --hashtag, --account, --query, --tag, --key (got --hashtag and --tag)"
        )
        XCTAssertEqual(self.message(["--key", "xyz"]), "--key: 'xyz' must be a cache key: 64 hexadecimal digits")
        XCTAssertEqual(
            self.message(["--hashtag", "#skin care"]),
            "--hashtag: '#skin care' is not a valid hashtag; must contain only letters, digits and underscores after the leading #"
        )
        XCTAssertEqual(
            self.message(["--account", "a b"]),
            "--account: 'a b' is not a valid account; must contain only letters, digits, underscores and dots after the leading @"
        )
        XCTAssertEqual(self.message(["--query", " "]), "--query: ' ' is not a valid query; must not be blank")
        XCTAssertEqual(self.message(["--tag", "tag:x"]), "--tag: 'tag:x' must be hashtag:<tag>, account:<username> or query:<text>")
        XCTAssertEqual(
            self.message(["--tag", "account:a b"]),
            "--tag: 'account:a b' must be hashtag:<tag>, account:<username> or query:<text>; must contain only letters, digits, underscores and dots after the leading @"
        )
        // A long or hostile value is cut and shown printable.
        let shown = self.message(["--query", String(repeating: "q", count: 300)]) ?? ""
        XCTAssertTrue(shown.hasPrefix("--query: '" + String(repeating: "q", count: 69) + "…' is not a valid query"), shown)
        XCTAssertEqual(
            self.message(["--hashtag", "a\u{1B}[2Jb"]),
            "--hashtag: 'a?[2Jb' is not a valid hashtag; must contain only letters, digits and underscores after the leading #"
        )
    }

    func testSettingsDefaultsAndMarkLifetime() throws {
        let settings = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: [:])
        XCTAssertEqual(settings.controlAddress, "127.0.0.1:6379")
        XCTAssertEqual(settings.keyspace.prefix, "tp:")
        XCTAssertNil(settings.cache)
        XCTAssertEqual(settings.lifetimes, .defaultPositive)
        XCTAssertEqual(settings.negativeLifetimes, .defaultNegative)
        XCTAssertEqual(settings.markLifetimeMilliseconds, (900 + 86_400) * 1000, "fresh + the longer stale window")
        XCTAssertEqual(settings.control.poolSize, 1)
    }

    func testSettingsFromTheGatewaysKeysWithOptionsOver() throws {
        let environment = [
            "TAGPULSE_REDIS_URL": "redis://:pw@10.0.0.5:6380/2", "TAGPULSE_REDIS_KEY_PREFIX": "acme:",
            "TAGPULSE_CACHE_REDIS_URL": "redis://:pw2@10.0.0.6:6381/0", "TAGPULSE_CACHE_FRESH_S": "60", "TAGPULSE_CACHE_SWR_S": "7200",
            "TAGPULSE_CACHE_SIE_S": "0", "TAGPULSE_CACHE_NEGATIVE_S": "30",
        ]
        let settings = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: environment)
        XCTAssertEqual(settings.controlAddress, "10.0.0.5:6380")
        XCTAssertEqual(settings.control.database, 2)
        XCTAssertEqual(settings.keyspace.prefix, "acme:")
        XCTAssertEqual(settings.cache?.address.description, "10.0.0.6:6381")
        XCTAssertEqual(settings.markLifetimeMilliseconds, 7_260_000)
        let negativeWins = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: [
            "TAGPULSE_CACHE_FRESH_S": "1", "TAGPULSE_CACHE_SWR_S": "0", "TAGPULSE_CACHE_SIE_S": "0", "TAGPULSE_CACHE_NEGATIVE_S": "30",
        ])
        XCTAssertEqual(negativeWins.markLifetimeMilliseconds, 30_000)

        let options = try PurgeCommand.parse(["--hashtag", "x", "--redis-url", "redis://127.0.0.1:6401/0", "--key-prefix", "tp:other:"])
            .settings(environment: environment)
        XCTAssertEqual(options.controlAddress, "127.0.0.1:6401")
        XCTAssertNil(options.control.password)
        XCTAssertEqual(options.keyspace.prefix, "tp:other:")
    }

    func testBadConfigurationNamesItsOriginButNeverThePassword() {
        func message(_ environment: [String: String]) -> String? {
            guard let command = try? PurgeCommand.parse(["--hashtag", "x"]) else { return nil }
            do {
                _ = try command.settings(environment: environment)
                return nil
            } catch {
                XCTAssertEqual(error.status, .usage)
                return error.message
            }
        }
        XCTAssertEqual(message(["TAGPULSE_CACHE_FRESH_S": "0"]), #"TAGPULSE_CACHE_FRESH_S: must be a whole number from 1 to 604800 (got "0")"#)
        XCTAssertEqual(message(["TAGPULSE_CACHE_NEGATIVE_S": "-1"])?.hasPrefix("TAGPULSE_CACHE_NEGATIVE_S: "), true)
        let url = message(["TAGPULSE_CACHE_REDIS_URL": "rediss://:hunter2@example.com:6380"])
        XCTAssertEqual(url?.hasPrefix("TAGPULSE_CACHE_REDIS_URL: "), true, url ?? "")
        XCTAssertEqual(url?.contains("hunter2"), false)
    }

    func testTheCacheRedisIsUsedOnlyToDeleteAnEntry() throws {
        let settings = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: ["TAGPULSE_CACHE_REDIS_URL": "redis://127.0.0.1:6402/1"])
        XCTAssertEqual(settings.servers(for: .key(hex: self.hex), soft: false).count, 2)
        XCTAssertEqual(settings.servers(for: .key(hex: self.hex), soft: true).count, 1)
        XCTAssertEqual(settings.servers(for: .tag(name: "hashtag:x"), soft: false).count, 1)
        let shared = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: [:])
        XCTAssertEqual(shared.servers(for: .key(hex: self.hex), soft: false).count, 1)
    }

    func testDurations() {
        XCTAssertEqual(PurgeCommand.duration(seconds: 87_300), "1d15m")
        XCTAssertEqual(PurgeCommand.duration(seconds: 7200), "2h")
        XCTAssertEqual(PurgeCommand.duration(seconds: 3_723), "1h2m3s")
        XCTAssertEqual(PurgeCommand.duration(seconds: 0), "0s")
    }

    func testOutput() throws {
        let now: Int64 = 1_764_000_000_123
        XCTAssertEqual(
            KeyOutput.json(PurgeCommand.result(.tag(name: "hashtag:skincare"), soft: true, now: now)),
            #"{"at":"2025-11-24T16:00:00.123Z","purged":"hashtag:skincare","soft":true}"#
        )
        let settings = try PurgeCommand.parse(["--hashtag", "x"]).settings(environment: [:])
        XCTAssertEqual(
            PurgeCommand.text(.tag(name: "hashtag:skincare"), soft: false, now: now, settings: settings),
            """
            Purged hashtag:skincare (hard) at 2025-11-24T16:00:00.123Z.
            Entries stored until then are gone: every gateway misses on its next lookup and asks the engine again.
            The mark stays 1d15m in redis at 127.0.0.1:6379 under prefix 'tp:'.
            """
        )
        let soft = PurgeCommand.text(.key(hex: self.hex), soft: true, now: now, settings: settings)
        XCTAssertTrue(soft.hasPrefix("Purged key:\(self.hex) (soft) at 2025-11-24T16:00:00.123Z.\nEntries stored until then are stale"), soft)
        let hardKey = PurgeCommand.text(.key(hex: self.hex), soft: false, now: now, settings: settings)
        XCTAssertTrue(hardKey.contains("The entry is deleted"), hardKey)
    }
}
