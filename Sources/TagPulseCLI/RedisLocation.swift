import TagPulseRedis
import TagPulseSettings

/// Where a deployment's Redis is, as every `tagpulse` command that talks to it reads it: the gateway's keys and
/// defaults, the command-line options winning.
///
/// | key | option | default |
/// |---|---|---|
/// | `redis.url` | `--redis-url` | `redis://127.0.0.1:6379/0` |
/// | `redis.key_prefix` | `--key-prefix` | `tp:` |
/// | `redis.sentinels`, `redis.sentinel_master`, `redis.sentinel_password` | — | none, `mymaster`, none |
/// | `redis.cluster_nodes` | — | none (exclusive with `redis.sentinels`) |
///
/// As in the gateway, with `redis.sentinels` set the server is the master the sentinels name, `redis.url` giving only
/// its password and database; `--redis-url` on the command line names one server and the sentinels are not asked.
struct RedisLocation: Sendable {
    static let urlKey = ConfigKey("redis.url", secret: true)
    static let keyPrefixKey = ConfigKey("redis.key_prefix")
    static let sentinelsKey = ConfigKey("redis.sentinels")
    static let sentinelMasterKey = ConfigKey("redis.sentinel_master")
    static let sentinelPasswordKey = ConfigKey("redis.sentinel_password", secret: true)
    static let clusterNodesKey = ConfigKey("redis.cluster_nodes")

    /// The server, with the command line's connection settings (``configureForCommand(_:)``).
    var redis: RedisConfiguration
    /// Prefix of every Redis key and channel.
    var prefix: String

    /// `host:port`, `unix:path` or `master <name> via sentinels …`: safe to print (never the password).
    var address: String { self.redis.endpointDescription }

    /// - Parameters:
    ///   - redisURL: `--redis-url`, over `redis.url`.
    ///   - keyPrefix: `--key-prefix`, over `redis.key_prefix`.
    init(source: ConfigSource, redisURL: String?, keyPrefix: String?) throws(CommandFailure) {
        let url = redisURL ?? source.string(Self.urlKey, default: "redis://127.0.0.1:6379/0")
        self.redis = try Self.configuration(url: url, origin: redisURL != nil ? "--redis-url" : Self.origin(Self.urlKey, in: source))
        if redisURL == nil {
            self.redis.sentinel = try Self.sentinel(from: source)
            if let cluster = try Self.cluster(from: source, key: Self.clusterNodesKey) {
                guard self.redis.sentinel == nil else {
                    throw .usage(
                        "\(Self.origin(Self.clusterNodesKey, in: source)): redis.cluster_nodes and redis.sentinels are both set: use one"
                    )
                }
                guard self.redis.database == 0 else {
                    throw .usage("\(Self.origin(Self.urlKey, in: source)): Redis Cluster (redis.cluster_nodes) has only database 0")
                }
                self.redis.cluster = cluster
            }
        }

        let prefix = keyPrefix ?? source.string(Self.keyPrefixKey, default: "tp:")
        guard (1...64).contains(prefix.utf8.count), !prefix.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else {
            throw .usage(
                "\(keyPrefix != nil ? "--key-prefix" : Self.origin(Self.keyPrefixKey, in: source)): must be 1–64 characters without spaces or braces"
            )
        }
        self.prefix = prefix
    }

    /// A server URL with the command line's connection settings; a usage ``CommandFailure`` that starts with `origin`
    /// (an option, a variable or `key in file`) when it is not a usable URL. The client's URL errors name the
    /// problem, never the password.
    static func configuration(url: String, origin: String) throws(CommandFailure) -> RedisConfiguration {
        var redis: RedisConfiguration
        do {
            redis = try RedisConfiguration(url: url)
        } catch {
            throw .usage("\(origin): \(error.message)")
        }
        redis.poolSize = 1
        redis.clientName = "tagpulse-cli"
        redis.connectTimeout = .seconds(1)
        redis.commandTimeout = .seconds(2)
        redis.reconnectMaximum = .milliseconds(250)
        return redis
    }

    /// A configuration with `base`'s command-line connection settings and no server of its own yet (credentials
    /// none): for a cluster named by its own key.
    static func configuration(default base: RedisConfiguration) -> RedisConfiguration {
        var redis = RedisConfiguration()
        redis.poolSize = base.poolSize
        redis.clientName = base.clientName
        redis.connectTimeout = base.connectTimeout
        redis.commandTimeout = base.commandTimeout
        redis.reconnectMaximum = base.reconnectMaximum
        return redis
    }

    /// The sentinels of `redis.sentinels`, or nil when it is not set; a usage ``CommandFailure`` naming the key when a
    /// value cannot be used.
    static func sentinel(from source: ConfigSource) throws(CommandFailure) -> RedisConfiguration.Sentinel? {
        guard let list = source.optionalString(Self.sentinelsKey) else { return nil }
        let addresses: [RedisServerAddress]
        do {
            addresses = try RedisConfiguration.Sentinel.addresses(fromList: list)
        } catch {
            throw .usage("\(Self.origin(Self.sentinelsKey, in: source)): \(error.message)")
        }
        let master: String
        do {
            master = try RedisConfiguration.Sentinel.validatedMasterName(source.string(Self.sentinelMasterKey, default: "mymaster"))
        } catch {
            throw .usage("\(Self.origin(Self.sentinelMasterKey, in: source)): \(error.message)")
        }
        let password: String?
        do {
            password = try source.secret(Self.sentinelPasswordKey, minimumLength: 1)
        } catch {
            throw .usage("\(error.key): \(error.message)")
        }
        return RedisConfiguration.Sentinel(addresses: addresses, masterName: master, password: password)
    }

    /// The seed nodes of `key` (`redis.cluster_nodes`, `cache.cluster_nodes`), or nil when it is not set.
    static func cluster(from source: ConfigSource, key: ConfigKey) throws(CommandFailure) -> RedisConfiguration.Cluster? {
        guard let list = source.optionalString(key) else { return nil }
        do {
            return RedisConfiguration.Cluster(seeds: try RedisConfiguration.Cluster.seeds(fromList: list), settingName: key.name)
        } catch {
            throw .usage("\(Self.origin(key, in: source)): \(error.message)")
        }
    }

    /// Where `key`'s value came from (`TAGPULSE_REDIS_URL`, `redis.url in /etc/tagpulse.yaml`), else its variable.
    static func origin(_ key: ConfigKey, in source: ConfigSource) -> String {
        source.origin(of: key) ?? key.environmentName
    }
}
