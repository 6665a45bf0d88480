import TagPulseRedis
import TagPulseSettings

extension GatewayConfiguration {
    /// The Sentinel keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`).
    enum SentinelKeys {
        static let sentinels = ConfigKey("redis.sentinels")
        static let master = ConfigKey("redis.sentinel_master")
        static let password = ConfigKey("redis.sentinel_password", secret: true)
    }

    /// With `redis.sentinels` set, the control Redis is the master those sentinels name (followed on failover);
    /// `redis.url` then only supplies the master's credentials and database.
    mutating func readSentinel(from source: ConfigSource) throws(ConfigurationError) {
        guard let list = source.optionalString(SentinelKeys.sentinels) else { return }
        let key = source.origin(of: SentinelKeys.sentinels) ?? SentinelKeys.sentinels.environmentName
        var addresses: [RedisServerAddress] = []
        for item in list.split(separator: ",").map({ $0.trimmingSpaces() }) where !item.isEmpty {
            // Each entry is `host:port` (IPv6 in brackets): read with the URL parser, which knows that form.
            guard !item.contains("@"), !item.contains("/"), let parsed = try? RedisConfiguration(url: "redis://" + item) else {
                throw ConfigurationError(key: key, message: "'\(item)' is not host:port")
            }
            addresses.append(parsed.address)
        }
        guard !addresses.isEmpty else { throw ConfigurationError(key: key, message: "must name at least one sentinel as host:port") }
        let master = source.string(SentinelKeys.master, default: "mymaster")
        guard !master.isEmpty, master.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ConfigurationError(
                key: source.origin(of: SentinelKeys.master) ?? SentinelKeys.master.environmentName,
                message: "must be the monitored master's name"
            )
        }
        let password = try source.secret(SentinelKeys.password, minimumLength: 1)
        self.redis.sentinel = RedisConfiguration.Sentinel(addresses: addresses, masterName: master, password: password)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
