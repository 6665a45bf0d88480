import Foundation
import XCTest

/// The built `tagpulse purge` without a Redis: usage errors (status 2, before connecting) and an unreachable
/// Redis (status 3, without the password).
final class PurgeCommandProcessTests: XCTestCase {
    /// Selectors and configuration are checked before connecting: status 2 even though nothing listens at the URL.
    func testUsageErrorsExitWith2BeforeTouchingRedis() async throws {
        let nowhere = "redis://127.0.0.1:\(try Tagpulse.closedPort())/0"
        let hex = String(repeating: "ab", count: 32)
        let cases: [(arguments: [String], environment: [String: String], expected: [String])] = [
            ([], [:], ["give one of --hashtag, --account, --query, --tag, --key"]),
            (["--soft", "--json"], [:], ["give one of"]),
            (["--hashtag", "skincare", "--account", "chefmarco"], [:], ["give only one of", "(got --hashtag and --account)"]),
            (["--key", hex, "--tag", "hashtag:x", "--query", "q"], [:], ["(got --query and --tag and --key)"]),
            (["--hashtag", "", "--account", ""], [:], ["give only one of", "(got --hashtag and --account)"]),
            (["--key", "abc123"], [:], ["--key: 'abc123' must be a cache key: 64 hexadecimal digits"]),
            (["--key", hex + "0"], [:], ["--key", "64 hexadecimal digits"]),
            (["--key", String(hex.dropLast()) + "g"], [:], ["--key", "64 hexadecimal digits"]),
            (["--hashtag", "skin care"], [:], ["--hashtag: 'skin care' is not a valid hashtag", "letters, digits and underscores"]),
            (["--account", "chef marco"], [:], ["--account: 'chef marco' is not a valid account"]),
            (["--query", "   "], [:], ["--query", "is not a valid query", "must not be blank"]),
            (["--tag", "skincare"], [:], ["--tag: 'skincare' must be hashtag:<tag>, account:<username> or query:<text>"]),
            (["--tag", "search:air fryer"], [:], ["--tag", "must be hashtag:<tag>"]),
            (["--tag", "hashtag:a-b"], [:], ["--tag", "must be hashtag:<tag>", "letters, digits and underscores"]),
            (["--hashtag"], [:], ["--hashtag"]),
            (["--hashtag", "x", "--bogus"], [:], ["--bogus"]),
            (["--hashtag", "x", "--key-prefix", "a b"], [:], ["--key-prefix"]),
            (["--hashtag", "x"], ["TAGPULSE_CACHE_FRESH_S": "0"], ["TAGPULSE_CACHE_FRESH_S", "from 1 to 604800"]),
            (["--hashtag", "x"], ["TAGPULSE_CACHE_SIE_S": "lots"], ["TAGPULSE_CACHE_SIE_S", "whole number"]),
            (["--hashtag", "x"], ["TAGPULSE_CACHE_REDIS_URL": "rediss://:hunter2@example.com:6380"], ["TAGPULSE_CACHE_REDIS_URL", "TLS"]),
            (["--hashtag", "x", "--redis-url", "http://user:hunter2@example.com"], [:], ["--redis-url"]),
        ]
        for (arguments, environment, expected) in cases {
            let extra = arguments.contains("--redis-url") ? [] : ["--redis-url", nowhere]
            let result = try await Tagpulse.run(["purge"] + arguments + extra, environment: environment)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.standardError)")
            XCTAssertEqual(result.standardOutput, "", "\(arguments)")
            for text in expected { XCTAssertTrue(result.standardError.contains(text), "\(arguments): \(result.standardError) lacks \(text)") }
            XCTAssertFalse(result.allOutput.contains("hunter2"), "\(arguments)")
            XCTAssertLessThan(result.duration, .seconds(2), "\(arguments) must not wait for Redis")
        }
    }

    /// Nothing listens: one clear message naming host:port (never the password), status 3, within ~3 s.
    func testRedisDownExitsWith3QuicklyWithoutThePassword() async throws {
        let port = try Tagpulse.closedPort()
        let url = "redis://admin:hunter2-s3cret@127.0.0.1:\(port)/0"
        let hex = String(repeating: "c", count: 64)
        let runs: [(arguments: [String], environment: [String: String])] = [
            (["purge", "--hashtag", "#SkinCare", "--redis-url", url], [:]),
            (["purge", "--tag", "account:chefmarco", "--soft", "--json"], ["TAGPULSE_REDIS_URL": url]),
            // A separate cache Redis is needed only to delete an entry (hard, by key); it is down too here.
            (["purge", "--key", hex], ["TAGPULSE_REDIS_URL": url, "TAGPULSE_CACHE_REDIS_URL": url]),
        ]
        for (arguments, environment) in runs {
            let result = try await Tagpulse.run(arguments, environment: environment)
            XCTAssertEqual(result.status, 3, "\(arguments): \(result.allOutput)")
            XCTAssertLessThan(result.duration, .milliseconds(3500), "\(arguments)")
            XCTAssertTrue(result.standardError.hasPrefix("tagpulse purge: cannot reach redis at 127.0.0.1:\(port)"), result.standardError)
            XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, "one message: \(result.standardError)")
            XCTAssertFalse(result.allOutput.contains("hunter2"), result.allOutput)
            XCTAssertFalse(result.allOutput.contains("admin:"), result.allOutput)
            XCTAssertEqual(result.standardOutput, "")
        }
    }

    func testHelpListsPurge() async throws {
        let help = try await Tagpulse.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.standardOutput.contains("purge"), help.standardOutput)
        let purgeHelp = try await Tagpulse.run(["purge", "--help"])
        XCTAssertEqual(purgeHelp.status, 0, purgeHelp.standardError)
        for option in ["--hashtag", "--account", "--query", "--tag", "--key", "--soft", "--json", "--redis-url", "--key-prefix"] {
            XCTAssertTrue(purgeHelp.standardOutput.contains(option), "\(option) in \(purgeHelp.standardOutput)")
        }
    }
}
