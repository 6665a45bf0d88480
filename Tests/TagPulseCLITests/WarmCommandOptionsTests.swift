import ArgumentParser
import XCTest

@testable import TagPulseCLI

/// `tagpulse warm`'s options and environment, checked before anything is sent.
final class WarmCommandOptionsTests: XCTestCase {
    func settings(_ arguments: [String], _ environment: [String: String] = ["TAGPULSE_API_KEY": "tp_env_key"]) throws -> WarmCommand.Settings {
        try WarmCommand.parse(arguments).settings(environment: environment)
    }

    func failure(_ arguments: [String], _ environment: [String: String] = ["TAGPULSE_API_KEY": "tp_env_key"]) -> CommandFailure? {
        do {
            _ = try self.settings(arguments, environment)
            return nil
        } catch {
            return error as? CommandFailure
        }
    }

    func testDefaultsComeFromTheEnvironment() throws {
        XCTAssertEqual(try self.settings([]), .init(gatewayURL: "http://127.0.0.1:8080", key: "tp_env_key", poll: .milliseconds(500)))
        let configured = try self.settings([], ["TAGPULSE_API_KEY": " tp_env_key ", "TAGPULSE_GATEWAY_URL": "https://gw.example.com:8443/"])
        XCTAssertEqual(configured, .init(gatewayURL: "https://gw.example.com:8443", key: "tp_env_key", poll: .milliseconds(500)))
    }

    func testOptionsWinOverTheEnvironment() throws {
        let settings = try self.settings(
            ["--key", "tp_option_key", "--gateway", "http://10.0.0.5:9000/prefix", "--poll-ms", "50"],
            ["TAGPULSE_API_KEY": "tp_env_key", "TAGPULSE_GATEWAY_URL": "http://ignored:1"]
        )
        XCTAssertEqual(settings, .init(gatewayURL: "http://10.0.0.5:9000/prefix", key: "tp_option_key", poll: .milliseconds(50)))
        let command = try WarmCommand.parse([
            "--file", "tags.txt", "--kind", "account", "--max-posts", "7", "--prompt", "Price?", "--concurrency", "3",
        ])
        XCTAssertEqual(command.file, "tags.txt")
        XCTAssertEqual(command.kind, "account")
        XCTAssertEqual(command.maxPosts, 7)
        XCTAssertEqual(command.prompt, "Price?")
        XCTAssertEqual(command.concurrency, 3)
    }

    func testBadOptionsAreUsageErrorsThatNeverEchoTheKey() {
        XCTAssertEqual(self.failure([], [:])?.status, .usage)
        XCTAssertEqual(self.failure([], [:])?.message, "no API key: set TAGPULSE_API_KEY (or pass --key) to a key with the warm or admin scope")
        XCTAssertEqual(self.failure(["--key", "  "], [:])?.status, .usage)
        for url in ["ftp://host", "127.0.0.1:8080", "http://", "http://host?x=1"] {
            XCTAssertEqual(
                self.failure(["--gateway", url])?.message,
                "--gateway must be an http:// or https:// URL such as http://127.0.0.1:8080",
                url
            )
        }
        XCTAssertEqual(self.failure(["--poll-ms", "10"])?.message, "--poll-ms must be from 50 to 60000")
        XCTAssertEqual(self.failure(["--concurrency", "0"])?.message, "--concurrency must be at least 1")
        XCTAssertEqual(self.failure(["--max-posts", "0"])?.message, "--max-posts must be at least 1")
        XCTAssertFalse(self.failure(["--poll-ms", "10"])?.message.contains("tp_env_key") ?? true)
    }

    func testMessagesNameTheGatewayWithoutCredentialsOrPath() {
        XCTAssertEqual(WarmGateway.displayName("http://user:secret@gw.example.com:8080/base"), "http://gw.example.com:8080")
        XCTAssertEqual(WarmGateway.displayName("https://gw.example.com"), "https://gw.example.com")
    }
}
