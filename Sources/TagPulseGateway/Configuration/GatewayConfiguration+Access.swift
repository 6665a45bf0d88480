import TagPulseAccess
import TagPulseSettings

extension GatewayConfiguration {
    /// The access keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`).
    enum AccessKeys {
        static let keyPrefix = ConfigKey("redis.key_prefix")
        static let bootstrapTier = ConfigKey("auth.bootstrap_tier")
        static let cacheTTL = ConfigKey("auth.cache_ttl_ms")
        static let negativeTTL = ConfigKey("auth.negative_ttl_ms")
        static let staleTTL = ConfigKey("auth.stale_ttl_ms")
        static let negativeCacheSize = ConfigKey("auth.negative_cache_size")
        static let tiers = ConfigKey("ratelimit.tiers")
        static let defaultTier = ConfigKey("ratelimit.default_tier")
        static let ip = ConfigKey("ratelimit.ip")
        static let upstream = ConfigKey("ratelimit.upstream")
        static let degradedMode = ConfigKey("ratelimit.degraded_mode")
        static let decisionTimeout = ConfigKey("ratelimit.decision_timeout_ms")
        static let instanceID = ConfigKey("instance.id")
        static let ipv6Prefix = ConfigKey("ratelimit.ip_ipv6_prefix")

        static func tierRequests(_ tier: String) -> ConfigKey { ConfigKey("ratelimit.tier.\(tier).requests") }
        static func tierAnalyses(_ tier: String) -> ConfigKey { ConfigKey("ratelimit.tier.\(tier).analyses") }
    }

    mutating func readAccess(from source: ConfigSource) throws(ConfigurationError) {
        func name(_ key: ConfigKey) -> String { source.origin(of: key) ?? key.environmentName }

        self.keyPrefix = source.string(AccessKeys.keyPrefix, default: "tp:")
        guard (1...64).contains(self.keyPrefix.utf8.count), !self.keyPrefix.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else {
            throw ConfigurationError(key: name(AccessKeys.keyPrefix), message: "must be 1–64 characters without spaces or braces")
        }
        self.keyCache = KeyAuthenticator.Settings(
            cacheTTLMilliseconds: Int64(try source.int(AccessKeys.cacheTTL, default: 5000, range: 0...600_000)),
            negativeTTLMilliseconds: Int64(try source.int(AccessKeys.negativeTTL, default: 1000, range: 0...60_000)),
            staleTTLMilliseconds: Int64(try source.int(AccessKeys.staleTTL, default: 300_000, range: 0...86_400_000)),
            negativeCapacity: try source.int(AccessKeys.negativeCacheSize, default: 10_000, range: 1...1_000_000)
        )

        let tierNames = source.string(AccessKeys.tiers, default: "free,standard,internal").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !tierNames.isEmpty else { throw ConfigurationError(key: name(AccessKeys.tiers), message: "must name at least one tier") }
        var tiers: [String: RateLimitTier] = [:]
        for tier in tierNames {
            guard tier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ConfigurationError(key: name(AccessKeys.tiers), message: "tier names are letters, digits, '_' and '-' ('\(tier)' is not)")
            }
            let defaults = RateLimitSettings.defaultTiers[tier]
            let requestsKey = AccessKeys.tierRequests(tier)
            let analysesKey = AccessKeys.tierAnalyses(tier)
            guard defaults != nil || source.raw(requestsKey) != nil else {
                throw ConfigurationError(key: requestsKey.environmentName, message: "tier '\(tier)' needs its requests policy, e.g. 600/min")
            }
            tiers[tier] = RateLimitTier(
                name: tier,
                requests: try Self.policies(source, requestsKey, group: "requests", default: defaults?.requests ?? []),
                analyses: try Self.policies(source, analysesKey, group: "analyses", default: defaults?.analyses ?? [])
            )
        }
        self.defaultTier = source.string(AccessKeys.defaultTier, default: tiers["free"] != nil ? "free" : tierNames[0])
        guard tiers[self.defaultTier] != nil else {
            throw ConfigurationError(key: name(AccessKeys.defaultTier), message: "must be one of the tiers in ratelimit.tiers")
        }
        self.bootstrapTier = source.string(AccessKeys.bootstrapTier, default: tiers["internal"] != nil ? "internal" : self.defaultTier)
        guard tiers[self.bootstrapTier] != nil else {
            throw ConfigurationError(key: name(AccessKeys.bootstrapTier), message: "must be one of the tiers in ratelimit.tiers")
        }
        let mode = try source.choice(
            AccessKeys.degradedMode,
            default: RateLimitSettings.DegradedMode.local.rawValue,
            choices: RateLimitSettings.DegradedMode.allCases.map(\.rawValue)
        )
        self.rateLimit = RateLimitSettings(
            tiers: tiers,
            ip: try Self.policies(source, AccessKeys.ip, group: "ip", default: RateLimitSettings().ip),
            upstream: try Self.policies(source, AccessKeys.upstream, group: "upstream", default: RateLimitSettings().upstream),
            degradedMode: RateLimitSettings.DegradedMode(rawValue: mode) ?? .local,
            decisionTimeout: .milliseconds(try source.int(AccessKeys.decisionTimeout, default: 25, range: 1...5000)),
            ipv6Prefix: try source.int(AccessKeys.ipv6Prefix, default: 64, range: 32...128)
        )
        self.instanceID = source.optionalString(AccessKeys.instanceID)
    }

    private static func policies(_ source: ConfigSource, _ key: ConfigKey, group: String, default defaults: [RatePolicy]) throws(ConfigurationError)
        -> [RatePolicy]
    {
        guard let raw = source.raw(key) else {
            source.noteDefault(key, defaults.map(\.description).joined(separator: ","))
            return defaults
        }
        do {
            return try RatePolicy.list(group: group, parsing: raw.value)
        } catch {
            throw ConfigurationError(key: raw.origin, message: error.description)
        }
    }
}
