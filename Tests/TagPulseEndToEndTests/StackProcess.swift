import Foundation
import XCTest

/// The real `tagpulse-engine` and `tagpulse-gateway` binaries of this build, started as child processes on a
/// temporary socket and a free loopback port.
final class StackProcess: @unchecked Sendable {
    let socketPath: String
    let port: Int
    let key = "tp_e2e_key_0123456789abcdef"
    private(set) var engine: Process?
    private(set) var gateway: Process?
    let logDirectory: URL

    /// The throwaway Redis that `scripts/test` starts (the gateway's readiness needs one).
    static var redisURL: String? { ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] }

    /// Skips the calling test unless a stack can run here: the executables are built and `scripts/test`'s Redis is
    /// named.
    static func skipUnlessRunnable() throws {
        let engine = Self.binDirectory.appendingPathComponent("tagpulse-engine").path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: engine), "build the executables first (swift build)")
        try XCTSkipUnless(Self.redisURL != nil, "set TAGPULSE_TEST_REDIS_URL (scripts/test starts a Redis and sets it)")
    }

    static var binDirectory: URL {
        // Tests/TagPulseEndToEndTests/StackProcess.swift → package root → .build/debug (or TAGPULSE_BIN_DIR).
        if let configured = ProcessInfo.processInfo.environment["TAGPULSE_BIN_DIR"] { return URL(fileURLWithPath: configured) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug")
    }

    /// Extra environment for both processes (e.g. upstream keys and URLs).
    let extraEnvironment: [String: String]

    /// Every Redis key and channel of this stack starts with it; ``stopAll()`` deletes them.
    let keyPrefix = "tp:e2e:\(UUID().uuidString.prefix(8)):"

    init(extraEnvironment: [String: String] = [:]) throws {
        self.extraEnvironment = extraEnvironment
        // In a private directory of its own: the engine refuses a shared one such as /tmp.
        let socketDirectory = "/tmp/tp-e2e-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(socketDirectory, 0o700)
        self.socketPath = socketDirectory + "/engine.sock"
        self.port = try Self.freePort()
        self.logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.logDirectory, withIntermediateDirectories: true)
    }

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    var environment: [String: String] {
        let inherited = ["SERVICE_API_KEY", "TIKTOK_RAPIDAPI_KEY", "TIKTOK_RAPIDAPI_HOST", "TIKTOK_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") && !inherited.contains($0.key) }
        environment["TAGPULSE_ENGINE_SOCKET"] = self.socketPath
        environment["TAGPULSE_HTTP_HOST"] = "127.0.0.1"
        environment["TAGPULSE_HTTP_PORT"] = String(self.port)
        environment["TAGPULSE_BOOTSTRAP_KEY"] = self.key
        environment["TAGPULSE_LOG_FORMAT"] = "json"
        environment["TAGPULSE_ENGINE_RECONNECT_MAX_MS"] = "200"
        environment["TAGPULSE_REDIS_URL"] = Self.redisURL ?? "redis://127.0.0.1:1/0"
        environment["TAGPULSE_REDIS_KEY_PREFIX"] = self.keyPrefix
        // Several gateways per stack: each takes a free metrics port; tests that scrape set their own. Tests stop
        // stacks often: no drain delay unless a test asks for one.
        environment["TAGPULSE_METRICS_PORT"] = "0"
        environment["TAGPULSE_SHUTDOWN_DRAIN_DELAY_MS"] = "0"
        environment.merge(self.extraEnvironment) { _, new in new }
        return environment
    }

    func startEngine() throws {
        self.engine = try self.launch("tagpulse-engine")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: self.socketPath) {
            guard Date() < deadline, self.engine?.isRunning == true else { throw StackError("engine did not start: \(self.log("tagpulse-engine"))") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func startGateway() throws {
        self.gateway = try self.launch("tagpulse-gateway")
    }

    /// More gateways on their own ports, sharing the engine and Redis (a fleet behind a load balancer).
    private(set) var extraGateways: [(process: Process, port: Int)] = []

    /// Starts another gateway with `overrides` added to the environment; returns its base URL.
    @discardableResult
    func startAnotherGateway(_ overrides: [String: String] = [:]) throws -> String {
        let port = try Self.freePort()
        var overrides = overrides
        overrides["TAGPULSE_HTTP_PORT"] = String(port)
        let process = try self.launch("tagpulse-gateway", logName: "tagpulse-gateway-\(self.extraGateways.count + 2)", overrides: overrides)
        self.extraGateways.append((process, port))
        return "http://127.0.0.1:\(port)"
    }

    /// The base URLs of every gateway started.
    var gatewayURLs: [String] { [self.baseURL] + self.extraGateways.map { "http://127.0.0.1:\($0.port)" } }

    func killEngine() {
        guard let engine = self.engine else { return }
        kill(engine.processIdentifier, SIGKILL)
        engine.waitUntilExit()
    }

    /// Sends SIGTERM and returns the exit status.
    func terminate(_ process: Process?) -> Int32? {
        guard let process, process.isRunning else { return process?.terminationStatus }
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// Stops both processes and removes the socket and the log folder.
    func stopAll() {
        for extra in self.extraGateways { _ = self.terminate(extra.process) }
        _ = self.terminate(self.gateway)
        _ = self.terminate(self.engine)
        try? FileManager.default.removeItem(atPath: self.socketPath)
        rmdir((self.socketPath as NSString).deletingLastPathComponent)
        try? FileManager.default.removeItem(at: self.logDirectory)
        self.deleteRedisKeys()
    }

    /// Deletes this stack's keys from the Redis it used (SCAN + DEL through redis-cli; never FLUSHALL).
    func deleteRedisKeys() {
        let url = self.environment["TAGPULSE_REDIS_URL"] ?? ""
        let script = "redis-cli -u \"$0\" --scan --pattern \"$1*\" | xargs -r redis-cli -u \"$0\" DEL > /dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, url, self.keyPrefix]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }

    func log(_ name: String) -> String {
        (try? String(contentsOf: self.logDirectory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }

    private func launch(_ name: String, logName: String? = nil, overrides: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(name)
        process.environment = self.environment.merging(overrides) { _, new in new }
        let logURL = self.logDirectory.appendingPathComponent("\(logName ?? name).log")
        if !FileManager.default.fileExists(atPath: logURL.path) { FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: logURL)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else { throw StackError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct StackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
