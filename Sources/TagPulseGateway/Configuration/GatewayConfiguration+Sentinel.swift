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
        let addresses: [RedisServerAddress]
        do {
            addresses = try RedisConfiguration.Sentinel.addresses(fromList: list)
        } catch {
            throw ConfigurationError(key: source.origin(of: SentinelKeys.sentinels) ?? SentinelKeys.sentinels.environmentName, message: error.message)
        }
        let master: String
        do {
            master = try RedisConfiguration.Sentinel.validatedMasterName(source.string(SentinelKeys.master, default: "mymaster"))
        } catch {
            throw ConfigurationError(key: source.origin(of: SentinelKeys.master) ?? SentinelKeys.master.environmentName, message: error.message)
        }
        let password = try source.secret(SentinelKeys.password, minimumLength: 1)
        self.redis.sentinel = RedisConfiguration.Sentinel(addresses: addresses, masterName: master, password: password)
    }
}
