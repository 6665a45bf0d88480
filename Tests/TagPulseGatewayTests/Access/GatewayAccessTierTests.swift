import Logging
import Testing

@testable import TagPulseAccess
@testable import TagPulseGateway
@testable import TagPulseRedis

/// A key's tier: its own while configured, the default one when its tier was removed, none without a limiter.
@Suite("GatewayAccess tiers")
struct GatewayAccessTierTests {
    @Test func aKeysTierIsItsOwnOrTheDefaultOne() throws {
        let client = try RedisClient(configuration: RedisConfiguration(url: "redis://127.0.0.1:1/0"), logger: Logger(label: "test"))
        let free = RateLimitTier(name: "free", requests: [RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)], analyses: [])
        let pro = RateLimitTier(name: "pro", requests: [RatePolicy(group: "requests", limit: 1000, periodMilliseconds: 60_000)], analyses: [])
        let limiter = RateLimiter(
            redis: client,
            keyspace: GatewayKeyspace(prefix: "tp:test:tiers:").access,
            settings: RateLimitSettings(tiers: ["free": free, "pro": pro]),
            liveInstances: { 1 },
            localNowMicroseconds: { 0 },
            eventLoopGroup: client.eventLoopGroup,
            logger: Logger(label: "test")
        )
        let bootstrap = GatewayAccess.bootstrapOnly(nil, nowMilliseconds: { 0 })
        let access = GatewayAccess(authenticator: bootstrap.authenticator, limiter: limiter, store: nil, defaultTier: "free")
        #expect(access.tier(named: "pro") == pro)
        #expect(access.tier(named: "free") == free)
        #expect(access.tier(named: "removed") == free, "a tier no longer configured: the default one")
        #expect(access.tier(named: "Pro") == free, "names are exact")
        #expect(bootstrap.tier(named: "pro") == nil, "no limiter: no tiers")
    }
}
