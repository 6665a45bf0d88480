import Foundation
import TagPulseRedis
import TagPulseSettings
import Testing

@testable import TagPulseGateway

@Suite("Redis Cluster configuration keys")
struct ClusterConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(source: ConfigSource(environment: environment))
    }

    @Test func controlAndCacheClusters() throws {
        let configuration = try self.configuration([
            "TAGPULSE_REDIS_URL": "redis://:controlpw@ignored:1/0",
            "TAGPULSE_REDIS_CLUSTER_NODES": "10.0.0.1:7000, [fd00::2]:7001",
            "TAGPULSE_CACHE_CLUSTER_NODES": "10.0.1.1:7000",
        ])
        let cluster = try #require(configuration.redis.cluster)
        #expect(cluster.seeds.map(\.description) == ["10.0.0.1:7000", "[fd00::2]:7001"])
        #expect(configuration.redis.password == "controlpw", "redis.url still gives the password")
        #expect(configuration.redis.endpointDescription == "cluster via 10.0.0.1:7000,[fd00::2]:7001")
        let cache = try #require(configuration.cacheRedis?.cluster)
        #expect(cache.seeds.map(\.description) == ["10.0.1.1:7000"])
        #expect(try self.configuration([:]).redis.cluster == nil)
    }

    @Test func clusterAndSentinelAreExclusive() {
        #expect(
            throws: ConfigurationError(
                key: "TAGPULSE_REDIS_CLUSTER_NODES",
                message: "redis.cluster_nodes and redis.sentinels are both set: a deployment uses Redis Cluster or Sentinel, set only one"
            )
        ) {
            _ = try self.configuration(["TAGPULSE_REDIS_CLUSTER_NODES": "10.0.0.1:7000", "TAGPULSE_REDIS_SENTINELS": "10.0.0.1:26379"])
        }
    }

    @Test func clusterHasOnlyDatabaseZero() {
        #expect(throws: ConfigurationError.self) {
            _ = try self.configuration(["TAGPULSE_REDIS_CLUSTER_NODES": "10.0.0.1:7000", "TAGPULSE_REDIS_URL": "redis://127.0.0.1:6379/2"])
        }
    }

    @Test(arguments: [" , ", "user:pw@host:1", "host:notaport"])
    func refusesBadLists(list: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            _ = try self.configuration(["TAGPULSE_REDIS_CLUSTER_NODES": list])
        }
        #expect(error?.key == "TAGPULSE_REDIS_CLUSTER_NODES")
        #expect(error?.message.contains("pw") == false)
    }
}
