import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private Redis Cluster of 3 masters + 3 replicas on free loopback ports (each node's bus on a port of its own,
/// `cluster-port`), for a test that kills nodes without disturbing the shared cluster of `scripts/test`. Started by
/// ``start()`` (about 2-4 s: six servers, `redis-cli --cluster create`, replicas in sync); always ``stop()`` it.
public final class RedisClusterProcess: @unchecked Sendable {
    /// The six servers, in the order given to `--cluster create` (the first three become the masters).
    public let servers: [RedisServerProcess]

    /// `cluster-node-timeout`: a master silent this long is failed and its replica promoted.
    public let nodeTimeoutMilliseconds: Int

    public init(nodeTimeoutMilliseconds: Int = 2000) throws {
        self.nodeTimeoutMilliseconds = nodeTimeoutMilliseconds
        self.servers = try (0..<6).map { _ in
            try RedisServerProcess(extraArguments: [
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", String(try RedisServerProcess.freePort()),
                "--cluster-node-timeout", String(nodeTimeoutMilliseconds),
            ])
        }
    }

    /// Every node, `127.0.0.1:<port>,…` (a seed list for `redis.cluster_nodes`).
    public var nodeList: String { self.servers.map { "127.0.0.1:\($0.port)" }.joined(separator: ",") }

    /// The shared cluster's helpers (`CLUSTER NODES`, slot of a key, master of a slot) for this one.
    public var underTest: RedisClusterUnderTest { RedisClusterUnderTest(nodes: self.servers.map { "127.0.0.1:\($0.port)" }) }

    /// Starts the nodes, creates the cluster, and waits (≤ 20 s) until every slot is served and every replica synced.
    public func start() throws {
        for server in self.servers { try server.start() }
        let create = Process()
        create.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        create.arguments = ["--cluster", "create"] + self.servers.map { "127.0.0.1:\($0.port)" } + ["--cluster-replicas", "1", "--cluster-yes"]
        let output = Pipe()
        create.standardOutput = output
        create.standardError = output
        try create.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        create.waitUntilExit()
        guard create.terminationStatus == 0 else { throw TestFailure("redis-cli --cluster create failed:\n\(text)") }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let info = (try? self.servers[0].cli(["CLUSTER", "INFO"])) ?? ""
            let synced = self.servers.filter { server in
                let replication = (try? server.cli(["INFO", "replication"])) ?? ""
                return replication.contains("role:slave") && replication.contains("master_link_status:up")
                    && replication.contains("master_sync_in_progress:0")
            }
            if info.contains("cluster_state:ok") && synced.count == 3 { return }
            usleep(100_000)
        }
        throw TestFailure("the test cluster did not become ok with three synced replicas:\n\(text)")
    }

    /// The server listening on `port`.
    public func server(port: Int) -> RedisServerProcess? { self.servers.first { $0.port == port } }

    /// Kills every node and removes their directories.
    public func stop() {
        for server in self.servers { server.stop() }
    }
}
