import TagPulseRedis
import TagPulseSettings

extension GatewayConfiguration {
    /// The Redis Cluster keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`).
    enum ClusterKeys {
        static let nodes = ConfigKey("redis.cluster_nodes")
        static let cacheNodes = ConfigKey("cache.cluster_nodes")
    }

    /// With `redis.cluster_nodes` set, the control Redis is that Redis Cluster (`redis.url` then supplies only the
    /// credentials); with `cache.cluster_nodes`, the cache's entries live on that cluster (credentials from
    /// `cache.redis_url` when set). Cluster and Sentinel are exclusive; a cluster has only database 0.
    mutating func readCluster(from source: ConfigSource) throws(ConfigurationError) {
        if let list = source.optionalString(ClusterKeys.nodes) {
            let origin = source.origin(of: ClusterKeys.nodes) ?? ClusterKeys.nodes.environmentName
            guard self.redis.sentinel == nil else {
                throw ConfigurationError(
                    key: origin,
                    message: "redis.cluster_nodes and redis.sentinels are both set: a deployment uses Redis Cluster or Sentinel, set only one"
                )
            }
            guard self.redis.database == 0 else {
                throw ConfigurationError(
                    key: source.origin(of: Keys.redisURL) ?? Keys.redisURL.environmentName,
                    message: "names database \(self.redis.database), but Redis Cluster (redis.cluster_nodes) has only database 0"
                )
            }
            self.redis.cluster = try Self.cluster(fromList: list, origin: origin, setting: "redis.cluster_nodes")
        }
        if let list = source.optionalString(ClusterKeys.cacheNodes) {
            let origin = source.origin(of: ClusterKeys.cacheNodes) ?? ClusterKeys.cacheNodes.environmentName
            var redis = self.cacheRedis ?? RedisConfiguration()
            guard redis.database == 0 else {
                throw ConfigurationError(
                    key: source.origin(of: CacheKeys.redisURL) ?? CacheKeys.redisURL.environmentName,
                    message: "names database \(redis.database), but Redis Cluster (cache.cluster_nodes) has only database 0"
                )
            }
            redis.poolSize = self.redis.poolSize
            redis.commandTimeout = self.redis.commandTimeout
            redis.clientName = "tagpulse-gateway-cache"
            redis.cluster = try Self.cluster(fromList: list, origin: origin, setting: "cache.cluster_nodes")
            self.cacheRedis = redis
        }
    }

    private static func cluster(fromList list: String, origin: String, setting: String) throws(ConfigurationError) -> RedisConfiguration.Cluster {
        do {
            return RedisConfiguration.Cluster(seeds: try RedisConfiguration.Cluster.seeds(fromList: list), settingName: setting)
        } catch {
            throw ConfigurationError(key: origin, message: error.message)
        }
    }
}
