import Foundation
import TagPulseAccess
import TagPulseRedis
import TagPulseSettings

/// What `tagpulse keys` needs from a deployment's configuration, read with the gateway's keys and defaults
/// (environment `TAGPULSE_…` over the `TAGPULSE_CONFIG` file), the command-line options winning:
///
/// | key | option | default |
/// |---|---|---|
/// | `redis.url` | `--redis-url` | `redis://127.0.0.1:6379/0` |
/// | `redis.key_prefix` | `--key-prefix` | `tp:` |
/// | `ratelimit.tiers` | | `free,standard,internal` |
/// | `ratelimit.default_tier` | | `free` (the first tier when there is no `free`) |
struct KeysSettings: Sendable {
    static let redisURLKey = RedisLocation.urlKey
    static let keyPrefixKey = RedisLocation.keyPrefixKey
    static let tiersKey = ConfigKey("ratelimit.tiers")
    static let defaultTierKey = ConfigKey("ratelimit.default_tier")

    var redis: RedisConfiguration
    var keyspace: AccessKeyspace
    /// The tier names in configured order.
    var tiers: [String]
    var defaultTier: String
    /// Where the default tier came from (an option name, a variable, or `key in file`), for errors.
    var defaultTierOrigin: String

    /// `host:port` or `unix:path`: safe to print (never the password).
    var redisAddress: String { self.redis.endpointDescription }

    /// - Parameters:
    ///   - redisURL: `--redis-url`, over `redis.url`.
    ///   - keyPrefix: `--key-prefix`, over `redis.key_prefix`.
    init(source: ConfigSource, redisURL: String?, keyPrefix: String?) throws(CommandFailure) {
        func origin(_ key: ConfigKey) -> String { source.origin(of: key) ?? key.environmentName }

        let location = try RedisLocation(source: source, redisURL: redisURL, keyPrefix: keyPrefix)
        self.redis = location.redis
        self.keyspace = AccessKeyspace(prefix: location.prefix)

        self.tiers = source.string(Self.tiersKey, default: "free,standard,internal").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = self.tiers.first else { throw .usage("\(origin(Self.tiersKey)): must name at least one tier") }
        self.defaultTier = source.string(Self.defaultTierKey, default: self.tiers.contains("free") ? "free" : first)
        self.defaultTierOrigin = origin(Self.defaultTierKey)
    }

    /// `--tier`, or the configured default; a ``CommandFailure`` listing the known tiers when it is not one of them.
    func tier(_ option: String?) throws(CommandFailure) -> String {
        let tier = option ?? self.defaultTier
        guard self.tiers.contains(tier) else {
            let known = self.tiers.joined(separator: ", ")
            if option == nil {
                throw .usage("\(self.defaultTierOrigin): the default tier '\(tier.prefix(40))' is not in ratelimit.tiers (\(known)); pass --tier")
            }
            throw .usage("--tier: unknown tier '\(tier.prefix(40))'; known tiers: \(known)")
        }
        return tier
    }
}
