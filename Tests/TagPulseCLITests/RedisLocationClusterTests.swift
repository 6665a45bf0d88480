import Foundation
import TagPulseRedis
import TagPulseSettings
import XCTest

@testable import TagPulseCLI

/// The gateway's Cluster keys reach the CLI's Redis commands (`tagpulse keys`, `tagpulse purge`).
final class RedisLocationClusterTests: XCTestCase {
    func testClusterNodesFromTheEnvironment() throws {
        let source = ConfigSource(environment: [
            "TAGPULSE_REDIS_CLUSTER_NODES": "10.0.0.1:7000,10.0.0.2:7000", "TAGPULSE_CACHE_CLUSTER_NODES": "10.0.1.1:7000",
        ])
        let location = try RedisLocation(source: source, redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(location.redis.cluster?.seeds, [.hostname("10.0.0.1", port: 7000), .hostname("10.0.0.2", port: 7000)])
        XCTAssertEqual(location.address, "cluster via 10.0.0.1:7000,10.0.0.2:7000")
        let direct = try RedisLocation(source: source, redisURL: "redis://127.0.0.1:6400/0", keyPrefix: nil)
        XCTAssertNil(direct.redis.cluster, "--redis-url names one server")
        let purge = try PurgeSettings(source: source, redisURL: nil, keyPrefix: nil)
        XCTAssertEqual(purge.cache?.cluster?.seeds, [.hostname("10.0.1.1", port: 7000)])
    }

    func testClusterWithSentinelIsAUsageError() {
        let source = ConfigSource(environment: ["TAGPULSE_REDIS_CLUSTER_NODES": "10.0.0.1:7000", "TAGPULSE_REDIS_SENTINELS": "10.0.0.1:26379"])
        XCTAssertThrowsError(try RedisLocation(source: source, redisURL: nil, keyPrefix: nil)) { error in
            XCTAssertEqual(
                (error as? CommandFailure)?.message,
                "TAGPULSE_REDIS_CLUSTER_NODES: redis.cluster_nodes and redis.sentinels are both set: use one"
            )
        }
    }
}
