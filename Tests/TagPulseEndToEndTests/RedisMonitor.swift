import Foundation
import TagPulseTestSupport

/// `redis-cli MONITOR` on a test's own Redis, from ``init(_:)`` to ``stop()``: every command the server ran in between,
/// those inside scripts included, with who sent it. Markers (`ECHO`) seen in the output bound the window, so nothing
/// depends on how long the monitor took to attach or to print.
final class RedisMonitor: @unchecked Sendable {
    struct Command: Equatable, CustomStringConvertible {
        /// `lua` for a command a script ran, else the sending connection's address.
        var client: String
        var arguments: [String]

        var name: String { self.arguments.first?.uppercased() ?? "" }
        /// The first argument after the name: the key of every command these tests look at.
        var firstKey: String? { self.arguments.dropFirst().first }
        var fromScript: Bool { self.client == "lua" }
        var description: String { "[\(self.client)] " + self.arguments.prefix(4).joined(separator: " ") }
    }

    private let redis: RedisServerProcess
    private let process = Process()
    private let output: URL
    private let marker = UUID().uuidString

    /// Starts monitoring `redis` and returns once the monitor sees commands.
    init(_ redis: RedisServerProcess) throws {
        self.redis = redis
        self.output = redis.directory.appendingPathComponent("monitor-\(self.marker).txt")
        _ = FileManager.default.createFile(atPath: self.output.path, contents: nil)
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        self.process.arguments = ["-h", "127.0.0.1", "-p", String(redis.port), "MONITOR"]
        self.process.standardOutput = try FileHandle(forWritingTo: self.output)
        self.process.standardError = FileHandle.nullDevice
        try self.process.run()
        try self.waitFor("start-" + self.marker)
    }

    deinit {
        self.end()
    }

    /// SIGKILL: a child of the test process may not see a SIGTERM (it can start with the signal blocked).
    private func end() {
        guard self.process.isRunning else { return }
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    /// Stops monitoring; the commands run since ``init(_:)`` returned, in order (the markers left out).
    func stop() throws -> [Command] {
        try self.waitFor("stop-" + self.marker)
        self.end()
        let lines = try String(contentsOf: self.output, encoding: .utf8).split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("start-" + self.marker) }),
            let stop = lines.lastIndex(where: { $0.contains("stop-" + self.marker) }), start < stop
        else { throw TestFailure("the monitor's markers are missing") }
        return lines[(start + 1)..<stop].compactMap(Self.parse)
    }

    /// Sends `ECHO text` until the monitor has printed it (≤ 5 s).
    private func waitFor(_ text: String) throws {
        for _ in 0..<100 {
            try self.redis.cli(["ECHO", text])
            if let seen = try? String(contentsOf: self.output, encoding: .utf8), seen.contains(text) { return }
            usleep(50_000)
        }
        throw TestFailure("redis-cli MONITOR never printed \(text)")
    }

    /// `1764000000.123456 [0 127.0.0.1:50104] "EVALSHA" "…" "1" "key"` → client and unquoted arguments.
    static func parse(_ line: Substring) -> Command? {
        guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") else { return nil }
        let client = line[line.index(after: open)..<close].split(separator: " ").last.map(String.init) ?? ""
        var arguments: [String] = []
        var current: String?
        var escaped = false
        for character in line[line.index(after: close)...] {
            if var text = current {
                if escaped {
                    text.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    arguments.append(text)
                    current = nil
                    continue
                } else {
                    text.append(character)
                }
                current = text
            } else if character == "\"" {
                current = ""
            }
        }
        return Command(client: client, arguments: arguments)
    }
}
