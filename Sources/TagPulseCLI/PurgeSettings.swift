import TagPulseCache
import TagPulseRedis
import TagPulseSettings

/// What `tagpulse purge` needs from a deployment's configuration, read with the gateway's keys, defaults and ranges
/// (`GatewayConfiguration+Cache.swift`; environment `TAGPULSE_…` over the `TAGPULSE_CONFIG` file), the
/// command-line options winning:
///
/// | key | option | default | for |
/// |---|---|---|---|
/// | `redis.url` | `--redis-url` | `redis://127.0.0.1:6379/0` | the control Redis: purge marks |
/// | `redis.key_prefix` | `--key-prefix` | `tp:` | every Redis name |
/// | `cache.redis_url` | | the control Redis | entries: a hard purge by key deletes the entry there |
/// | `cache.cluster_nodes` | | none | entries on a Redis Cluster (`cache.redis_url` then gives only credentials) |
/// | `cache.fresh_s`, `cache.swr_s`, `cache.sie_s` | | 900, 3600, 86400 | how long marks live |
/// | `cache.negative_s` | | 60 | how long marks live |
struct PurgeSettings: Sendable {
    static let cacheRedisURLKey = ConfigKey("cache.redis_url", secret: true)
    static let cacheClusterNodesKey = ConfigKey("cache.cluster_nodes")
    static let freshKey = ConfigKey("cache.fresh_s")
    static let staleWhileRevalidateKey = ConfigKey("cache.swr_s")
    static let staleIfErrorKey = ConfigKey("cache.sie_s")
    static let negativeKey = ConfigKey("cache.negative_s")

    /// Marks (and entries, unless ``cache`` is set).
    var control: RedisConfiguration
    /// A separate Redis for entries (`cache.redis_url`).
    var cache: RedisConfiguration?
    var keyspace: CacheKeyspace
    var lifetimes: CacheLifetimes
    var negativeLifetimes: CacheLifetimes

    /// How long a mark lives: as long as any entry it covers could (``PurgeMarks/lifetimeMilliseconds(positive:negative:)``).
    var markLifetimeMilliseconds: Int64 {
        PurgeMarks.lifetimeMilliseconds(positive: self.lifetimes, negative: self.negativeLifetimes)
    }

    /// `host:port` or `unix:path` of the control Redis: safe to print (never the password).
    var controlAddress: String { self.control.endpointDescription }

    /// - Parameters:
    ///   - redisURL: `--redis-url`, over `redis.url`.
    ///   - keyPrefix: `--key-prefix`, over `redis.key_prefix`.
    init(source: ConfigSource, redisURL: String?, keyPrefix: String?) throws(CommandFailure) {
        let location = try RedisLocation(source: source, redisURL: redisURL, keyPrefix: keyPrefix)
        self.control = location.redis
        self.keyspace = CacheKeyspace(prefix: location.prefix)
        self.cache = try source.optionalString(Self.cacheRedisURLKey).map { url throws(CommandFailure) in
            try RedisLocation.configuration(url: url, origin: RedisLocation.origin(Self.cacheRedisURLKey, in: source))
        }
        if let cluster = try RedisLocation.cluster(from: source, key: Self.cacheClusterNodesKey) {
            var cache = self.cache ?? RedisLocation.configuration(default: self.control)
            cache.database = 0
            cache.cluster = cluster
            self.cache = cache
        }
        do throws(ConfigurationError) {
            let positive = CacheLifetimes.defaultPositive
            self.lifetimes = CacheLifetimes(
                freshMilliseconds: try Self.milliseconds(source, Self.freshKey, default: positive.freshMilliseconds, range: 1...604_800),
                staleWhileRevalidateMilliseconds: try Self.milliseconds(
                    source,
                    Self.staleWhileRevalidateKey,
                    default: positive.staleWhileRevalidateMilliseconds,
                    range: 0...604_800
                ),
                staleIfErrorMilliseconds: try Self.milliseconds(
                    source,
                    Self.staleIfErrorKey,
                    default: positive.staleIfErrorMilliseconds,
                    range: 0...2_592_000
                )
            )
            self.negativeLifetimes = CacheLifetimes(
                freshMilliseconds: try Self.milliseconds(
                    source,
                    Self.negativeKey,
                    default: CacheLifetimes.defaultNegative.freshMilliseconds,
                    range: 0...86_400
                ),
                staleWhileRevalidateMilliseconds: 0,
                staleIfErrorMilliseconds: 0
            )
        } catch {
            throw .usage("\(error.key): \(error.message)")
        }
    }

    /// The servers to connect to for a purge of `target`: the control Redis, and the cache Redis too when it is
    /// separate and the purge deletes an entry (hard, by key).
    func servers(for target: CachePurgeTarget, soft: Bool) -> [RedisConfiguration] {
        guard let cache = self.cache, !soft, target.keyHex != nil else { return [self.control] }
        return [self.control, cache]
    }

    /// A whole number of seconds in `range` (the gateway's), in milliseconds.
    private static func milliseconds(
        _ source: ConfigSource,
        _ key: ConfigKey,
        default milliseconds: Int64,
        range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int64 {
        Int64(try source.int(key, default: Int(milliseconds / 1000), range: range)) * 1000
    }
}
