import TagPulseAccess

/// Who may call and how much: the key authenticator and the rate limiter with its tiers, as the router's
/// middleware and the analysis routes use them.
public struct GatewayAccess: Sendable {
    public let authenticator: KeyAuthenticator
    /// nil: no rate limiting (tests of other concerns, or a gateway without Redis).
    public let limiter: RateLimiter?
    /// nil: no key store (the admin key endpoints answer 503).
    public let store: KeyStore?
    /// The tier for keys whose tier is no longer configured.
    public let defaultTier: String

    public init(authenticator: KeyAuthenticator, limiter: RateLimiter?, store: KeyStore?, defaultTier: String) {
        self.authenticator = authenticator
        self.limiter = limiter
        self.store = store
        self.defaultTier = defaultTier
    }

    /// The bootstrap key alone, no limits: for tests and for a gateway run without Redis.
    public static func bootstrapOnly(_ key: String?, nowMilliseconds: @escaping @Sendable () -> Int64) -> GatewayAccess {
        GatewayAccess(
            authenticator: KeyAuthenticator(
                store: nil,
                bootstrap: key.map(BootstrapKey.init(secret:)),
                bootstrapTier: "internal",
                nowMilliseconds: nowMilliseconds,
                logger: .init(label: "tagpulse.gateway.access")
            ),
            limiter: nil,
            store: nil,
            defaultTier: "free"
        )
    }

    /// The tier a key is in (its own, or the default when its tier was removed from configuration).
    public func tier(named name: String) -> RateLimitTier? {
        guard let tiers = self.limiter?.settings.tiers else { return nil }
        return tiers[name] ?? tiers[self.defaultTier]
    }
}
