import NIOCore
import NIOPosix
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
    /// Leased mode (`ratelimit.mode=leased`): `requests` charges are decided from slices held in memory; nil: every
    /// charge is a script call (exact mode).
    public let leases: RateLeases?
    /// Exact mode: the `requests` charges one event loop reads in one tick, one script call per client (decision 0005).
    public let coalesced: CoalescedCharges?
    /// The limiter's tiers as a list, and the default one: every hit asks for its key's tier, and comparing a name with
    /// a handful of short names (each compared as two words) costs less than hashing it.
    private let tierList: [(name: String, tier: RateLimitTier)]
    private let fallbackTier: RateLimitTier?

    public init(
        authenticator: KeyAuthenticator,
        limiter: RateLimiter?,
        store: KeyStore?,
        defaultTier: String,
        leases: RateLeases? = nil,
        coalesced: CoalescedCharges? = nil
    ) {
        self.authenticator = authenticator
        self.limiter = limiter
        self.store = store
        self.defaultTier = defaultTier
        self.leases = leases
        self.coalesced = coalesced
        let tiers = limiter?.settings.tiers ?? [:]
        self.tierList = tiers.map { ($0.key, $0.value) }
        self.fallbackTier = tiers[defaultTier]
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
        for entry in self.tierList where entry.name == name { return entry.tier }
        return self.fallbackTier
    }

    /// An event loop for futures the limiter completes (its Redis client's).
    var eventLoop: any EventLoop { self.limiter?.eventLoopGroup.any() ?? MultiThreadedEventLoopGroup.singleton.any() }

    /// Charges one request to the client's `requests` windows (unlimited without a limiter or a key); a negative
    /// cost refunds. In leased mode the slice this instance holds decides.
    func chargeRequests(_ key: AuthenticatedKey?, cost: Int = 1, on eventLoop: any EventLoop) -> EventLoopFuture<RateDecision> {
        guard let limiter = self.limiter, let key, let tier = self.tier(named: key.tier) else { return eventLoop.makeSucceededFuture(.unlimited) }
        if let leases = self.leases {
            if cost == 1 { return leases.decide(key.subject, policies: tier.requests, on: eventLoop) }
            if cost == -1 {
                leases.refund(key.subject, policies: tier.requests)
                return eventLoop.makeSucceededFuture(.unlimited)
            }
        } else if cost == 1, let coalesced = self.coalesced {
            return coalesced.decide(key.subject, policies: tier.requests, on: eventLoop)
        }
        return limiter.decide(tier.requests.map { (RateSubject.client(key.client), $0) }, cost: cost, on: eventLoop)
    }

    /// Charges an engine call to the client's `analyses` windows (`cost.units`) and the fleet's `upstream` budget
    /// (`cost.upstreamCalls`), in one decision (only the budget when `key` is nil: background refreshes, warm-up).
    /// Each window is charged at most its burst (``AnalysisCost/clamped(to:)``).
    func chargeAnalyses(_ key: AuthenticatedKey?, cost: AnalysisCost) async throws -> RateDecision {
        guard let limiter = self.limiter else { return .unlimited }
        let charges = self.analysesCharges(key, limiter: limiter)
        return try await limiter.decide(charges, costs: charges.map { cost.clamped(to: $0.policy) })
    }

    /// Gives back an allowed ``chargeAnalyses(_:cost:)`` with the same cost (only when Redis took it).
    func refundAnalyses(_ key: AuthenticatedKey?, cost: AnalysisCost, charged: RateDecision?) async {
        guard let limiter = self.limiter, let charged, charged.tookCharge else { return }
        let charges = self.analysesCharges(key, limiter: limiter)
        _ = try? await limiter.decide(charges, costs: charges.map { -cost.clamped(to: $0.policy) })
    }

    private func analysesCharges(_ key: AuthenticatedKey?, limiter: RateLimiter) -> [(subject: RateSubject, policy: RatePolicy)] {
        var charges = limiter.settings.upstream.map { (subject: RateSubject.global, policy: $0) }
        if let key, let tier = self.tier(named: key.tier) {
            charges = tier.analyses.map { (subject: RateSubject.client(key.client), policy: $0) } + charges
        }
        return charges
    }

    /// Gives back a `requests` charge (a later window refused the request: a 429 costs nothing).
    func refundRequests(_ key: AuthenticatedKey?, charged: RateDecision?) async {
        _ = try? await self.refundRequests(key, charged: charged, on: self.eventLoop).get()
    }

    /// Event-loop form of ``refundRequests(_:charged:)``: completes at once when there is nothing to give back.
    func refundRequests(_ key: AuthenticatedKey?, charged: RateDecision?, on eventLoop: any EventLoop) -> EventLoopFuture<RateDecision> {
        guard let charged, charged.tookCharge else { return eventLoop.makeSucceededFuture(.unlimited) }
        return self.chargeRequests(key, cost: -1, on: eventLoop)
    }
}
