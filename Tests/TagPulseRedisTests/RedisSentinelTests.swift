import Foundation
import NIOCore
import Synchronization
import TagPulseRedis
import TagPulseTestSupport
import XCTest

/// Master discovery and failover with real processes: a master, a replica and a sentinel on loopback.
final class RedisSentinelTests: XCTestCase {
    func testDiscoversTheMasterAndFollowsAFailover() async throws {
        try requireRedisServerBinary()
        let master = try RedisServerProcess()
        let replica = try RedisServerProcess(extraArguments: ["--replicaof", "127.0.0.1", "\(master.port)"])
        let sentinelPort = try RedisServerProcess.freePort()
        let sentinel = try RedisServerProcess(
            configuration: """
                sentinel monitor tpmaster 127.0.0.1 \(master.port) 1
                sentinel down-after-milliseconds tpmaster 1000
                sentinel failover-timeout tpmaster 4000
                sentinel parallel-syncs tpmaster 1

                """,
            sentinel: true,
            port: sentinelPort
        )
        defer {
            sentinel.stop()
            replica.stop()
            master.stop()
        }
        try master.start()
        try replica.start()
        try sentinel.start()
        try await waitUntil("the replica is in sync and known to the sentinel", timeout: .seconds(15)) {
            let link = try replica.cli(["INFO", "replication"])
            let known = try sentinel.cli(["SENTINEL", "replicas", "tpmaster"])
            return link.contains("master_link_status:up") && known.contains("\(replica.port)")
        }

        var configuration = RedisConfiguration()
        configuration.sentinel = .init(addresses: [.hostname("127.0.0.1", port: sentinelPort)], masterName: "tpmaster")
        configuration.poolSize = 2
        configuration.commandTimeout = .milliseconds(500)
        configuration.reconnectMinimum = .milliseconds(20)
        configuration.reconnectMaximum = .milliseconds(200)
        let key = uniquePrefix() + "k"
        try await withRunningClient(configuration) { client in
            _ = try await client.send(.set(key, "one"))
            XCTAssertEqual(try master.cli(["GET", key]), "one", "writes go to the discovered master")

            try await waitUntil("the sentinel accepts the failover", timeout: .seconds(10)) {
                try sentinel.cli(["SENTINEL", "FAILOVER", "tpmaster"]) == "OK"
            }
            let attempts = Atomic<Int>(0)
            try await waitUntil("writes land on the promoted replica", timeout: .seconds(15)) {
                let attempt = attempts.add(1, ordering: .relaxed).newValue
                _ = try? await client.send(.set(key, .string("two-\(attempt)")))
                return try replica.cli(["GET", key]) == "two-\(attempt)" && replica.cli(["ROLE"]).hasPrefix("master")
            }
            XCTAssertGreaterThanOrEqual(client.connectedCount, 1)
            _ = try? await client.send(.del([key]))
        }
    }
}
