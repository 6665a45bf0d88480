import Foundation

/// The Redis Cluster `scripts/test` starts (3 masters + 3 replicas on loopback), named by
/// `TAGPULSE_TEST_REDIS_CLUSTER_NODES` (`127.0.0.1:P1,…`); tests that need it skip without it.
public struct RedisClusterUnderTest: Sendable {
    /// The seed nodes, `host:port`.
    public let nodes: [String]

    /// The cluster from the environment, or nil.
    public static var fromEnvironment: RedisClusterUnderTest? {
        guard let list = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_CLUSTER_NODES"], !list.isEmpty else { return nil }
        return RedisClusterUnderTest(nodes: list.split(separator: ",").map(String.init))
    }

    public var nodeList: String { self.nodes.joined(separator: ",") }

    /// The seeds' ports.
    public var seedPorts: [Int] { self.nodes.compactMap { Int($0.split(separator: ":").last ?? "") } }

    /// The port of a seed that answers (a failover test may have stopped one).
    public var seedPort: Int {
        self.seedPorts.first { (try? Self.cli(port: $0, ["PING"])) == "PONG" } ?? self.seedPorts[0]
    }

    /// Runs `redis-cli -p port arguments…`; returns its trimmed output.
    @discardableResult
    public static func cli(port: Int, _ arguments: [String]) throws -> String {
        try RedisServerProcess.cli(port: port, arguments)
    }

    /// Runs `redis-cli arguments…` without blocking a thread (e.g. `--cluster reshard`); returns its exit status.
    public static func cliInBackground(_ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// One line of `CLUSTER NODES`.
    public struct Node: Sendable {
        public var id: String
        public var port: Int
        public var isMaster: Bool
        public var isFailed: Bool
        public var masterID: String?
        public var slots: [ClosedRange<Int>]
    }

    /// The cluster's nodes as a live seed (or `port`) sees them.
    public func nodesTable(askingPort: Int? = nil) throws -> [Node] {
        let text = try Self.cli(port: askingPort ?? self.seedPort, ["CLUSTER", "NODES"])
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 8, let portText = fields[1].split(separator: "@").first?.split(separator: ":").last,
                let port = Int(portText)
            else { return nil }
            let slots: [ClosedRange<Int>] = fields.dropFirst(8).compactMap { range in
                let bounds = range.split(separator: "-").compactMap { Int($0) }
                if bounds.count == 2 { return bounds[0]...bounds[1] }
                if bounds.count == 1, !range.hasPrefix("[") { return bounds[0]...bounds[0] }
                return nil
            }
            return Node(
                id: fields[0],
                port: port,
                isMaster: fields[2].contains("master"),
                isFailed: fields[2].contains("fail"),
                masterID: fields[3] == "-" ? nil : fields[3],
                slots: slots
            )
        }
    }

    /// The live master serving `slot`.
    public func master(of slot: Int) throws -> Node? {
        try self.nodesTable().first { $0.isMaster && !$0.isFailed && $0.slots.contains { $0.contains(slot) } }
    }

    /// `CLUSTER KEYSLOT key`.
    public func slot(of key: String) throws -> Int {
        Int(try Self.cli(port: self.seedPort, ["CLUSTER", "KEYSLOT", key])) ?? -1
    }
}
