import Foundation
import XCTest

/// The servers' command lines, run as the built binaries: `--version`, `--help`, `--check`, `--print-config`, and
/// unknown arguments. None of these serve or connect to anything, so no Redis is needed.
final class ServerCommandLineEndToEndTests: XCTestCase {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `binary` with `arguments` in an environment without any inherited `TAGPULSE_…` or original-service
    /// variable, plus `environment`.
    func run(_ binary: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let path = StackProcess.binDirectory.appendingPathComponent(binary).path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: path), "build the executables first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let legacy: Set = ["SERVICE_API_KEY", "TIKTOK_RAPIDAPI_KEY", "OPENAI_API_KEY", "PORT", "LOG_LEVEL", "DEFAULT_MODEL"]
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") && !legacy.contains($0.key) }
        base["TAGPULSE_LOG_FORMAT"] = "json"
        process.environment = base.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self)
        )
    }

    func testVersionAndHelpExitZero() throws {
        for binary in ["tagpulse-gateway", "tagpulse-engine"] {
            let version = try self.run(binary, ["--version"])
            XCTAssertEqual(version.status, 0, binary)
            XCTAssertTrue(version.output.hasPrefix("\(binary) 0."), version.output)
            let help = try self.run(binary, ["--help"])
            XCTAssertEqual(help.status, 0, binary)
            for expected in ["--config", "--check", "--print-config", "--version", "TAGPULSE_HTTP_PORT"] {
                XCTAssertTrue(help.output.contains(expected), "\(binary) --help lacks \(expected):\n\(help.output)")
            }
        }
    }

    func testUnknownArgumentsExitTwoWithUsage() throws {
        for (binary, argument) in [("tagpulse-gateway", "--no-such-flag"), ("tagpulse-engine", "-V"), ("tagpulse-gateway", "extra")] {
            let result = try self.run(binary, [argument])
            XCTAssertEqual(result.status, 2, "\(binary) \(argument)")
            XCTAssertTrue(result.errors.contains("Usage: \(binary)"), result.errors)
        }
    }

    func testCheckPassesOnAValidConfiguration() throws {
        // An unreachable Redis: --check connects to nothing, so it still passes.
        let gateway = try self.run("tagpulse-gateway", ["--check"], environment: ["TAGPULSE_REDIS_URL": "redis://127.0.0.1:1/0"])
        XCTAssertEqual(gateway.status, 0, gateway.errors)
        XCTAssertTrue(gateway.output.contains("configuration is valid"), gateway.output)
        let engine = try self.run("tagpulse-engine", ["--check"])
        XCTAssertEqual(engine.status, 0, engine.errors)
    }

    func testCheckFailsWithTheKeyAtFault() throws {
        let environment = try self.run("tagpulse-gateway", ["--check"], environment: ["TAGPULSE_HTTP_PORT": "eighty"])
        XCTAssertEqual(environment.status, 2)
        XCTAssertTrue(environment.errors.contains("TAGPULSE_HTTP_PORT"), environment.errors)

        let file = try self.configFile(#"{"pipeline": {"max_feed_pages": 0}}"#)
        let engine = try self.run("tagpulse-engine", ["--check", "--config", file])
        XCTAssertEqual(engine.status, 2)
        XCTAssertTrue(engine.errors.contains("pipeline.max_feed_pages in \(file)"), engine.errors)

        let missing = try self.run("tagpulse-engine", ["--check", "--config", "/nonexistent/tagpulse.yaml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errors.contains("--config"), missing.errors)
    }

    func testPrintConfigShowsSourcesAndMasksSecrets() throws {
        let file = try self.configFile("http:\n  port: 9090\n", suffix: ".yaml")
        let result = try self.run(
            "tagpulse-gateway",
            ["--print-config", "--config", file],
            environment: [
                "TAGPULSE_BOOTSTRAP_KEY": "operator-secret-0123456789",
                "TAGPULSE_REDIS_URL": "redis://app:hunter2-password@10.0.0.5:6380/1",
            ]
        )
        XCTAssertEqual(result.status, 0, result.errors)
        let lines = result.output.split(separator: "\n").map(String.init)
        func line(_ key: String) -> String { lines.first { $0.hasPrefix(key + " ") } ?? "" }
        XCTAssertTrue(line("http.port").contains("9090"), line("http.port"))
        XCTAssertTrue(line("http.port").hasSuffix("file \(file)"), line("http.port"))
        XCTAssertTrue(line("http.host").contains("127.0.0.1"), line("http.host"))
        XCTAssertTrue(line("http.host").hasSuffix("default"), line("http.host"))
        XCTAssertTrue(line("bootstrap_key").contains("****"), line("bootstrap_key"))
        XCTAssertTrue(line("bootstrap_key").hasSuffix("environment TAGPULSE_BOOTSTRAP_KEY"), line("bootstrap_key"))
        XCTAssertTrue(line("redis.url").contains("redis://app:****@10.0.0.5:6380/1"), line("redis.url"))
        XCTAssertTrue(line("cache.fresh_s").contains("900"), line("cache.fresh_s"))
        XCTAssertFalse(result.output.contains("operator-secret"))
        XCTAssertFalse(result.output.contains("hunter2"))

        let engine = try self.run("tagpulse-engine", ["--print-config"], environment: ["OPENAI_API_KEY": "sk-test-0123456789abcdefghij"])
        XCTAssertEqual(engine.status, 0, engine.errors)
        XCTAssertTrue(engine.output.contains("environment OPENAI_API_KEY"), engine.output)
        XCTAssertFalse(engine.output.contains("sk-test"))
    }

    func testCheckWarnsAboutVariablesNothingReads() throws {
        let result = try self.run(
            "tagpulse-gateway",
            ["--check"],
            environment: ["REQUEST_TIMEOUT": "250", "PORT": "8000", "TAGPULSE_HTTP_PROT": "8000", "TAGPULSE_PROVIDER": "corpus"]
        )
        XCTAssertEqual(result.status, 0, "warnings, not errors")
        XCTAssertTrue(result.errors.contains("REQUEST_TIMEOUT (the original service's) is not read; use TAGPULSE_TIKTOK_TIMEOUT_MS"), result.errors)
        XCTAssertTrue(
            result.errors.contains("TAGPULSE_HTTP_PROT is not read by any TagPulse process; did you mean TAGPULSE_HTTP_PORT?"),
            result.errors
        )
        XCTAssertFalse(result.errors.contains("PORT (the"), "PORT is honoured")
        XCTAssertFalse(result.errors.contains("TAGPULSE_PROVIDER"), "the engine's key, in an environment shared by both")
    }

    /// The engine, started for real: one warning line per original variable it does not read and per misspelt
    /// `TAGPULSE_…` variable; none for the gateway's keys or for honoured aliases.
    func testEngineStartUpWarnings() throws {
        let path = StackProcess.binDirectory.appendingPathComponent("tagpulse-engine").path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: path), "build the executables first (swift build)")
        let directory = "/tmp/tp-cli-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o700)
        let log = directory + "/engine.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") }
        environment.merge([
            "TAGPULSE_ENGINE_SOCKET": directory + "/engine.sock", "TAGPULSE_LOG_FORMAT": "json", "REQUEST_TIMEOUT": "250",
            "USE_MOCK_DATA": "true", "PORT": "8000", "MAX_CONCURRENT_AGENTS": "3", "TAGPULSE_ENGNE_MAX_CONCURRENT_ANALYSES": "8",
            "TAGPULSE_HTTP_PORT": "9999",
        ]) { $1 }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var text = ""
        for _ in 0..<100 where !text.contains("TAGPULSE_ENGNE_MAX_CONCURRENT_ANALYSES") {
            usleep(50_000)
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        let warnings = text.split(separator: "\n").filter { $0.contains("config.env.") }
        XCTAssertEqual(warnings.count, 3, text)
        XCTAssertTrue(warnings.contains { $0.contains("config.env.legacy_not_read") && $0.contains("REQUEST_TIMEOUT") }, text)
        XCTAssertTrue(warnings.contains { $0.contains("config.env.legacy_not_read") && $0.contains("USE_MOCK_DATA") }, text)
        XCTAssertTrue(
            warnings.contains {
                $0.contains("config.env.unknown") && $0.contains("TAGPULSE_ENGNE_MAX_CONCURRENT_ANALYSES")
                    && $0.contains("TAGPULSE_ENGINE_MAX_CONCURRENT_ANALYSES")
            },
            text
        )
    }

    private func configFile(_ text: String, suffix: String = ".json") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-cli-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
