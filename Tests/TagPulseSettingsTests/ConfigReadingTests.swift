import Foundation
import TagPulseSettings
import XCTest

/// What `--print-config` shows: each key's effective value and source, with secrets masked.
final class ConfigReadingTests: XCTestCase {
    func testReadingsRecordValueAndSource() throws {
        let source = ConfigSource(
            environment: ["TAGPULSE_HTTP_PORT": "9100", "SERVICE_API_KEY": "legacy-key-123456"],
            fileValues: ["http.host": "0.0.0.0"],
            filePath: "/etc/tp.yaml"
        )
        _ = try source.int(ConfigKey("http.port"), default: 8080, range: 1...65535)
        _ = source.string(ConfigKey("http.host"), default: "127.0.0.1")
        _ = try source.bool(ConfigKey("cache.enabled"), default: true)
        _ = try source.secret(ConfigKey("bootstrap_key", aliases: ["SERVICE_API_KEY"], secret: true), minimumLength: 16)
        _ = source.optionalString(ConfigKey("instance.id"))
        let readings = Dictionary(uniqueKeysWithValues: source.readings().map { ($0.key.name, $0) })
        XCTAssertEqual(readings["http.port"]?.value, "9100")
        XCTAssertEqual(readings["http.port"]?.source, .environment("TAGPULSE_HTTP_PORT"))
        XCTAssertEqual(readings["http.host"]?.source, .file("/etc/tp.yaml"))
        XCTAssertEqual(readings["cache.enabled"]?.value, "true")
        XCTAssertEqual(readings["cache.enabled"]?.source, .defaultValue)
        XCTAssertEqual(readings["bootstrap_key"]?.source, .environment("SERVICE_API_KEY"))
        XCTAssertEqual(readings["bootstrap_key"]?.displayValue, "****")
        XCTAssertEqual(readings["instance.id"]?.displayValue, "(unset)")
        XCTAssertEqual(source.readings().map(\.key.name), readings.keys.sorted())
    }

    func testDefaultsDoNotOverrideASetValue() throws {
        let key = ConfigKey("http.port")
        let source = ConfigSource(environment: ["TAGPULSE_HTTP_PORT": "9100"])
        _ = try source.int(key, default: 8080, range: 1...65535)
        source.noteDefault(key, "8080")
        XCTAssertEqual(source.readings().first?.value, "9100")
    }

    func testSecretURLsKeepTheirHost() {
        func shown(_ value: String) -> String {
            ConfigReading(key: ConfigKey("redis.url", secret: true), value: value, source: .environment("TAGPULSE_REDIS_URL")).displayValue
        }
        XCTAssertEqual(shown("redis://user:pw@host:6379/0"), "redis://user:****@host:6379/0")
        XCTAssertEqual(shown("redis://:pw@host"), "redis://:****@host")
        XCTAssertEqual(shown("redis://pw@host/2"), "redis://****@host/2")
        XCTAssertEqual(shown("redis://127.0.0.1:6379/0"), "redis://127.0.0.1:6379/0")
        XCTAssertEqual(shown("plain-secret"), "****")
        let byDefault = ConfigReading(key: ConfigKey("redis.url", secret: true), value: "redis://127.0.0.1:6379/0", source: .defaultValue)
        XCTAssertEqual(byDefault.displayValue, "redis://127.0.0.1:6379/0")
    }

    func testReportListsUnreadFileKeys() {
        let report = ConfigReport(
            readings: [ConfigReading(key: ConfigKey("http.port"), value: "8080", source: .defaultValue)],
            unreadFileKeys: ["htp.port"]
        )
        XCTAssertEqual(report.text.split(separator: "\n").count, 2)
        XCTAssertTrue(report.text.contains("htp.port"))
    }

    func testConfigFileOptionOverridesTheEnvironment() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-\(UUID().uuidString).json").path
        try #"{"http":{"port":9000}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try ConfigSource.load(environment: ["TAGPULSE_CONFIG": "/nonexistent.json"], configFile: path)
        XCTAssertEqual(source.filePath, path)
        XCTAssertThrowsError(try ConfigSource.load(environment: [:], configFile: "/nonexistent.json")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "--config")
        }
    }
}
