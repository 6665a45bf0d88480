import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private `redis-server` (or `redis-server --sentinel`) on a free loopback port in a temp dir, for tests that
/// kill, restart, flush or fail over. Always ``stop()`` it (tests do so in `defer`/teardown).
public final class RedisServerProcess: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let extraArguments: [String]
    private let configurationText: String?
    private var process: Process?
    private let isSentinel: Bool

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server") }

    /// - Parameters:
    ///   - configuration: when set, written to `redis.conf` (sentinel mode needs a writable file) and passed first.
    ///   - sentinel: runs `redis-server <conf> --sentinel`.
    public init(extraArguments: [String] = [], configuration: String? = nil, sentinel: Bool = false, port: Int? = nil) throws {
        self.isSentinel = sentinel
        self.port = try port ?? Self.freePort()
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagpulse-redis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.extraArguments = extraArguments
        self.configurationText = configuration
    }

    /// The Unix socket the server also listens on.
    public var socketPath: String { self.directory.appendingPathComponent("redis.sock").path }

    public var url: String { "redis://127.0.0.1:\(self.port)/0" }

    /// Starts the server and waits (≤ 5 s) until it answers PING.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        var arguments: [String] = []
        if let configurationText {
            let file = self.directory.appendingPathComponent("redis.conf")
            if !FileManager.default.fileExists(atPath: file.path) { try configurationText.write(to: file, atomically: true, encoding: .utf8) }
            arguments.append(file.path)
        }
        if self.isSentinel { arguments.append("--sentinel") } else { arguments += ["--unixsocket", self.socketPath, "--unixsocketperm", "700"] }
        arguments += ["--port", "\(self.port)", "--bind", "127.0.0.1", "--dir", self.directory.path, "--daemonize", "no"]
        arguments += ["--logfile", self.directory.appendingPathComponent("redis.log").path]
        if !self.isSentinel { arguments += ["--save", "", "--appendonly", "no"] }
        process.arguments = arguments + self.extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if !(try self.cli(["PING"])).isEmpty { return }  // PONG, or NOAUTH when a password is required
            usleep(50_000)
        }
        throw TestFailure("redis-server did not start on port \(self.port)")
    }

    /// SIGKILL: no clean shutdown, as in a crash.
    public func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Kills the server and removes its directory.
    public func stop() {
        self.kill()
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Runs `redis-cli` against this server; returns its trimmed output.
    @discardableResult
    public func cli(_ arguments: [String]) throws -> String {
        try Self.cli(port: self.port, arguments)
    }

    /// `calls` per command name from `INFO commandstats` (commands run inside scripts included).
    public func commandCalls() throws -> [String: Int] {
        var calls: [String: Int] = [:]
        for line in try self.cli(["INFO", "commandstats"]).split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
            let name = line.dropFirst("cmdstat_".count).prefix { $0 != ":" }
            if let range = line.range(of: "calls="), let value = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                calls[String(name)] = value
            }
        }
        return calls
    }

    /// Runs `redis-cli -p port arguments…` against 127.0.0.1; returns its trimmed output.
    @discardableResult
    public static func cli(port: Int, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        process.arguments = ["-h", "127.0.0.1", "-p", "\(port)"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A TCP port on 127.0.0.1 nothing listens on (bound, read, released).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
