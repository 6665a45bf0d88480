import Foundation
import Logging
import TagPulseAccess
import TagPulseRedis
import XCTest

/// The shared test server from `scripts/test`, or a skip.
func requireSharedRedis() throws -> String {
    guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
        throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping Redis integration tests")
    }
    return url
}

let testLogger: Logger = {
    var logger = Logger(label: "tagpulse.cli.tests")
    logger.logLevel = .warning
    return logger
}()

/// A key prefix of its own for one test: `tp:test:cli:<random>:`.
func uniquePrefix() -> String {
    "tp:test:cli:\(UUID().uuidString.prefix(8).lowercased()):"
}

/// Runs `body` with a connected client on the shared test Redis, then deletes every key under `prefix`.
func withSharedRedis<T: Sendable>(prefix: String, _ body: @Sendable (RedisClient) async throws -> T) async throws -> T {
    try await withRedis(url: try requireSharedRedis(), prefix: prefix, body)
}

/// Runs `body` with a connected client on the Redis at `url` (the shared test server, perhaps another database of
/// it), then deletes every key under `prefix` there.
func withRedis<T: Sendable>(url: String, prefix: String, _ body: @Sendable (RedisClient) async throws -> T) async throws -> T {
    var configuration = try RedisConfiguration(url: url)
    configuration.poolSize = 1
    let client = try RedisClient(configuration: configuration, logger: testLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        let deadline = ContinuousClock.now + .seconds(5)
        while client.connectedCount == 0 {
            guard ContinuousClock.now < deadline else { throw XCTSkip("the shared test Redis did not answer") }
            try await Task.sleep(for: .milliseconds(10))
        }
        do {
            let result = try await body(client)
            try await deleteKeys(prefix: prefix, client: client)
            return result
        } catch {
            try? await deleteKeys(prefix: prefix, client: client)
            throw error
        }
    }
}

/// Deletes every key whose name starts with `prefix` (SCAN + DEL; never FLUSHALL).
func deleteKeys(prefix: String, client: RedisClient) async throws {
    var cursor = "0"
    repeat {
        let reply = try await client.send(RedisCommand("SCAN", [.string(cursor), "MATCH", .string(prefix + "*"), "COUNT", "1000"]))
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array?.compactMap(\.string) else { return }
        if !keys.isEmpty { _ = try await client.send(.del(keys)) }
        cursor = next
    } while cursor != "0"
}

/// Keys under `prefix` (to check a test left nothing behind, or that nothing was written).
func keyCount(prefix: String, client: RedisClient) async throws -> Int {
    try await client.send(RedisCommand("KEYS", [.string(prefix + "*")])).array?.count ?? 0
}

/// One run of the built `tagpulse` binary.
struct CommandResult: Sendable {
    var status: Int32
    var standardOutput: String
    var standardError: String
    var duration: Duration

    /// Both streams, for "never printed" checks.
    var allOutput: String { self.standardOutput + self.standardError }
}

/// Runs `.build/debug/tagpulse` (or the one in `TAGPULSE_BIN_DIR`) the way an operator would, with a clean
/// environment: no `TAGPULSE_*` variable of the test run leaks in, only `environment`.
enum Tagpulse {
    static var binary: URL {
        if let configured = ProcessInfo.processInfo.environment["TAGPULSE_BIN_DIR"] {
            return URL(fileURLWithPath: configured).appendingPathComponent("tagpulse")
        }
        // Tests/TagPulseCLITests/Support/CLITestSupport.swift → package root → .build/debug/tagpulse
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root = root.deletingLastPathComponent() }
        return root.appendingPathComponent(".build/debug/tagpulse")
    }

    /// Runs the binary off the concurrency pool (it blocks while waiting).
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runBlocking(arguments, environment: environment, input: input) })
            }
        }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String], input: String?) throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            XCTFail("\(Self.binary.path) is missing: run `swift build --build-tests` first")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TAGPULSE_") && $0.key != "SERVICE_API_KEY" }
        base.merge(environment) { _, new in new }
        process.environment = base
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        let started = ContinuousClock.now
        try process.run()
        // The input is written on another thread: a command that answers as it reads (classify) fills the output
        // pipe while a large input is still being written.
        // A command that exits before reading it all (a usage error) breaks the pipe: an EPIPE error, not a signal.
        signal(SIGPIPE, SIG_IGN)
        let writer = standardInput.fileHandleForWriting
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let input { try? writer.write(contentsOf: Data(input.utf8)) }
            try? writer.close()
            written.signal()
        }
        // Small error output: reading standard output to its end first cannot fill the error pipe.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        written.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self),
            duration: ContinuousClock.now - started
        )
    }

    /// A loopback port nothing listens on (bound, then released).
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The JSON object on standard output.
func jsonObject(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
}
