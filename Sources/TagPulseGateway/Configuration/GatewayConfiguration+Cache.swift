import TagPulseCache
import TagPulseRedis
import TagPulseSettings

extension GatewayConfiguration {
    /// The cache keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`).
    enum CacheKeys {
        static let enabled = ConfigKey("cache.enabled")
        static let fresh = ConfigKey("cache.fresh_s")
        static let staleWhileRevalidate = ConfigKey("cache.swr_s")
        static let staleIfError = ConfigKey("cache.sie_s")
        static let negative = ConfigKey("cache.negative_s")
        static let maxEntryBytes = ConfigKey("cache.max_entry_bytes")
        static let lease = ConfigKey("cache.lease_ms")
        static let refreshConcurrency = ConfigKey("cache.refresh_concurrency")
        static let redisURL = ConfigKey("cache.redis_url", secret: true)
        static let eventLoopHits = ConfigKey("cache.event_loop_hits")
    }

    mutating func readCache(from source: ConfigSource) throws(ConfigurationError) {
        var cache = CacheSettings()
        cache.enabled = try source.bool(CacheKeys.enabled, default: true)
        cache.eventLoopHits = try source.bool(CacheKeys.eventLoopHits, default: true)
        cache.lifetimes = CacheLifetimes(
            freshMilliseconds: Int64(try source.int(CacheKeys.fresh, default: 900, range: 1...604_800)) * 1000,
            staleWhileRevalidateMilliseconds: Int64(try source.int(CacheKeys.staleWhileRevalidate, default: 3600, range: 0...604_800)) * 1000,
            staleIfErrorMilliseconds: Int64(try source.int(CacheKeys.staleIfError, default: 86_400, range: 0...2_592_000)) * 1000
        )
        cache.negativeLifetimes = CacheLifetimes(
            freshMilliseconds: Int64(try source.int(CacheKeys.negative, default: 60, range: 0...86_400)) * 1000,
            staleWhileRevalidateMilliseconds: 0,
            staleIfErrorMilliseconds: 0
        )
        cache.maximumEntryBytes = try source.int(CacheKeys.maxEntryBytes, default: 4 << 20, range: 1024...(64 << 20))
        let requestTimeout = Int(self.engine.requestTimeout.components.seconds * 1000)
        let lease = try source.int(CacheKeys.lease, default: requestTimeout + 5000, range: 1000...3_600_000)
        guard lease > requestTimeout else {
            throw ConfigurationError(
                key: source.origin(of: CacheKeys.lease) ?? CacheKeys.lease.environmentName,
                message: "must be longer than engine.request_timeout_ms (\(requestTimeout)), or a second filler starts while the first still runs"
            )
        }
        cache.leaseTTL = .milliseconds(lease)
        cache.refreshConcurrency = try source.int(CacheKeys.refreshConcurrency, default: 4, range: 1...64)
        if let url = source.optionalString(CacheKeys.redisURL) {
            do {
                var redis = try RedisConfiguration(url: url)
                redis.poolSize = self.redis.poolSize
                redis.commandTimeout = self.redis.commandTimeout
                redis.clientName = "tagpulse-gateway-cache"
                self.cacheRedis = redis
            } catch {
                throw ConfigurationError(key: source.origin(of: CacheKeys.redisURL) ?? CacheKeys.redisURL.environmentName, message: error.message)
            }
            cache.redisURL = url
        }
        self.cache = cache
    }
}
