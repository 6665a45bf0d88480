import Foundation
import XCTest

/// The built `tagpulse` binary without a Redis: exit statuses of bad options, an unreachable Redis, and the root
/// command's other subcommand.
final class KeysCommandProcessTests: XCTestCase {
    /// Options are checked before connecting: status 2 even though nothing listens at the URL.
    func testBadOptionsExitWith2BeforeTouchingRedis() async throws {
        let nowhere = "redis://127.0.0.1:\(try Tagpulse.closedPort())/0"
        let cases: [(arguments: [String], environment: [String: String], expected: [String])] = [
            (["keys", "create", "--name", "a", "--tier", "gold"], [:], ["--tier", "'gold'", "known tiers: free, standard, internal"]),
            (["keys", "create", "--name", "a", "--tier", "free"], ["TAGPULSE_RATELIMIT_TIERS": "gold,silver"], ["known tiers: gold, silver"]),
            (["keys", "create", "--name", "a", "--scopes", "analyze,root"], [:], ["--scopes", "'root'", "analyze, warm, admin"]),
            (["keys", "create", "--name", "a", "--expires-in", "10x"], [:], ["--expires-in", "'10x'", "90s, 15m, 2h, 1d"]),
            (["keys", "create", "--name", "a", "--client", "no spaces"], [:], ["--client"]),
            (["keys", "rotate", "abcdefghij12", "--overlap", "1w"], [:], ["--overlap", "'1w'"]),
            (["keys", "rotate", "abcdefghij12", "--overlap", "31d"], [:], ["--overlap", "from 0s to 30d"]),
            (["keys", "create"], [:], ["--name"]),
            (["keys", "list", "--bogus"], [:], ["--bogus"]),
            (["keys", "frobnicate"], [:], ["frobnicate"]),
            (["keys", "list", "--key-prefix", "a b"], [:], ["--key-prefix"]),
            (["keys", "list", "--redis-url", "rediss://:hunter2@example.com:6380"], [:], ["--redis-url", "TLS"]),
        ]
        for (arguments, environment, expected) in cases {
            let needsRedis = ["create", "list", "rotate", "revoke"].contains(arguments[1]) && !arguments.contains("--redis-url")
            let extra = needsRedis ? ["--redis-url", nowhere] : []
            let result = try await Tagpulse.run(arguments + extra, environment: environment)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.standardError)")
            XCTAssertEqual(result.standardOutput, "", "\(arguments)")
            for text in expected { XCTAssertTrue(result.standardError.contains(text), "\(arguments): \(result.standardError) lacks \(text)") }
            XCTAssertFalse(result.allOutput.contains("hunter2"))
            XCTAssertLessThan(result.duration, .seconds(2), "\(arguments) must not wait for Redis")
        }
    }

    /// Nothing listens: one clear message naming host:port (never the password), status 3, within ~3 s.
    func testRedisDownExitsWith3QuicklyWithoutThePassword() async throws {
        let port = try Tagpulse.closedPort()
        let url = "redis://admin:hunter2-s3cret@127.0.0.1:\(port)/0"
        let runs: [(arguments: [String], environment: [String: String])] = [
            (["keys", "list", "--redis-url", url], [:]),
            (["keys", "create", "--name", "first", "--redis-url", url], [:]),
            (["keys", "revoke", "abcdefghij12"], ["TAGPULSE_REDIS_URL": url]),
            (["keys", "rotate", "abcdefghij12", "--json"], ["TAGPULSE_REDIS_URL": url]),
        ]
        for (arguments, environment) in runs {
            let result = try await Tagpulse.run(arguments, environment: environment)
            XCTAssertEqual(result.status, 3, "\(arguments): \(result.allOutput)")
            XCTAssertLessThan(result.duration, .milliseconds(3500), "\(arguments)")
            XCTAssertTrue(result.standardError.contains("127.0.0.1:\(port)"), result.standardError)
            XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, "one message: \(result.standardError)")
            XCTAssertFalse(result.allOutput.contains("hunter2"), result.allOutput)
            XCTAssertFalse(result.allOutput.contains("admin:"), result.allOutput)
            XCTAssertEqual(result.standardOutput, "")
        }
    }

    /// An id that cannot exist is refused without asking Redis, and a whole key passed by mistake is not echoed.
    func testMalformedIDsExitWith1WithoutEchoingThem() async throws {
        let nowhere = "redis://127.0.0.1:\(try Tagpulse.closedPort())/0"
        let key = "tp_abcdefghij12_" + String(repeating: "Q", count: 43)
        for id in ["nope", key] {
            let result = try await Tagpulse.run(["keys", "revoke", id, "--redis-url", nowhere])
            XCTAssertEqual(result.status, 1, result.standardError)
            XCTAssertFalse(result.allOutput.contains(String(repeating: "Q", count: 43)))
            XCTAssertTrue(result.standardError.contains("no key with that id") || result.standardError.contains("whole key"), result.standardError)
        }
    }

    /// The root became async for `keys`; `classify` (sync) still streams, and help lists both.
    func testRootCommandStillRunsClassify() async throws {
        let classified = try await Tagpulse.run(["classify"], input: "I love this serum, buying another one\nmeh\n")
        XCTAssertEqual(classified.status, 0, classified.standardError)
        let lines = classified.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix(#"{"sentiment":""#) }, classified.standardOutput)

        let help = try await Tagpulse.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.standardOutput.contains("keys"))
        XCTAssertTrue(help.standardOutput.contains("classify"))

        let keysHelp = try await Tagpulse.run(["keys", "create", "--help"])
        XCTAssertEqual(keysHelp.status, 0)
        XCTAssertTrue(keysHelp.standardOutput.contains("--expires-in"))

        let version = try await Tagpulse.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.standardOutput, "0.1.0\n")
    }
}
