import Foundation
import TagPulseSettings
import XCTest

final class ConfigSourceTests: XCTestCase {
    let port = ConfigKey("http.port")
    let key = ConfigKey("bootstrap_key", aliases: ["SERVICE_API_KEY"], secret: true)

    func testEnvironmentNamesFollowOneRule() {
        XCTAssertEqual(ConfigKey("engine.pool_size").environmentName, "TAGPULSE_ENGINE_POOL_SIZE")
        XCTAssertEqual(self.key.environmentNames, ["TAGPULSE_BOOTSTRAP_KEY", "SERVICE_API_KEY"])
    }

    func testEnvironmentBeatsFileBeatsDefault() throws {
        let fileOnly = ConfigSource(environment: [:], fileValues: ["http.port": "9000"], filePath: "c.json")
        XCTAssertEqual(try fileOnly.int(self.port, default: 8080, range: 1...65535), 9000)
        let both = ConfigSource(environment: ["TAGPULSE_HTTP_PORT": "9100"], fileValues: ["http.port": "9000"])
        XCTAssertEqual(try both.int(self.port, default: 8080, range: 1...65535), 9100)
        XCTAssertEqual(try ConfigSource(environment: [:]).int(self.port, default: 8080, range: 1...65535), 8080)
    }

    func testBadValuesNameTheirKey() {
        let environment = ConfigSource(environment: ["TAGPULSE_HTTP_PORT": "eighty"])
        XCTAssertThrowsError(try environment.int(self.port, default: 8080, range: 1...65535)) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "TAGPULSE_HTTP_PORT")
            XCTAssertTrue("\(error)".contains("eighty"))
        }
        let file = ConfigSource(environment: [:], fileValues: ["http.port": "70000"], filePath: "/etc/tp.yaml")
        XCTAssertThrowsError(try file.int(self.port, default: 8080, range: 1...65535)) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "http.port in /etc/tp.yaml")
        }
        XCTAssertThrowsError(try ConfigSource(environment: ["TAGPULSE_FLAG": "maybe"]).bool(ConfigKey("flag"), default: false))
    }

    func testSecretsUseAliasesAndAreNeverEchoed() throws {
        XCTAssertEqual(
            try ConfigSource(environment: ["SERVICE_API_KEY": "legacy-key-123456"]).secret(self.key, minimumLength: 16),
            "legacy-key-123456"
        )
        XCTAssertThrowsError(try ConfigSource(environment: ["TAGPULSE_BOOTSTRAP_KEY": "tooshort"]).secret(self.key, minimumLength: 16)) { error in
            XCTAssertFalse("\(error)".contains("tooshort"))
            XCTAssertEqual((error as? ConfigurationError)?.key, "TAGPULSE_BOOTSTRAP_KEY")
        }
        XCTAssertNil(try ConfigSource(environment: ["TAGPULSE_BOOTSTRAP_KEY": ""]).secret(self.key, minimumLength: 16))
    }

    func testJSONAndYAMLFilesFlattenToDottedKeys() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("tagpulse.json")
        try Data(#"{"http":{"port":9001,"host":"0.0.0.0"},"log":{"json":true},"cors":["a","b"]}"#.utf8).write(to: json)
        let fromJSON = try ConfigSource.load(environment: ["TAGPULSE_CONFIG": json.path])
        XCTAssertEqual(fromJSON.fileValues["http.port"], "9001")
        XCTAssertEqual(fromJSON.fileValues["http.host"], "0.0.0.0")
        XCTAssertEqual(fromJSON.fileValues["log.json"], "true")
        XCTAssertEqual(fromJSON.fileValues["cors"], "a,b")

        let yaml = directory.appendingPathComponent("tagpulse.yaml")
        try Data("http:\n  port: 9002\nengine:\n  socket: /tmp/x.sock\n".utf8).write(to: yaml)
        let fromYAML = try ConfigSource.load(environment: ["TAGPULSE_CONFIG": yaml.path])
        XCTAssertEqual(try fromYAML.int(self.port, default: 1, range: 1...65535), 9002)
        XCTAssertEqual(fromYAML.fileValues["engine.socket"], "/tmp/x.sock")

        let broken = directory.appendingPathComponent("broken.json")
        try Data("{nope".utf8).write(to: broken)
        XCTAssertThrowsError(try ConfigSource.load(environment: ["TAGPULSE_CONFIG": broken.path])) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "TAGPULSE_CONFIG")
        }
        XCTAssertThrowsError(try ConfigSource.load(environment: ["TAGPULSE_CONFIG": directory.appendingPathComponent("missing.json").path]))
    }
}

final class ConfigSourceUnreadKeysTests: XCTestCase {
    func testFileKeysNothingReadAreReported() throws {
        let source = ConfigSource(
            environment: [:],
            fileValues: ["http.port": "9000", "http.prot": "9001", "engine.socket": "/tmp/e.sock"],
            filePath: "tagpulse.yaml"
        )
        _ = try source.int(ConfigKey("http.port"), default: 8080, range: 1...65535)
        _ = source.string(ConfigKey("engine.socket"), default: "/tmp/x.sock")
        XCTAssertEqual(source.unreadFileKeys(), ["http.prot"])
    }
}
