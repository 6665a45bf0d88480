import Foundation
import TagPulseAccess
import TagPulseSettings
import Testing

@testable import TagPulseGateway

@Suite("Access and cache configuration keys")
struct AccessAndCacheConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(source: ConfigSource(environment: environment))
    }

    func error(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try self.configuration(environment)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func defaults() throws {
        let configuration = try self.configuration([:])
        #expect(configuration.keyPrefix == "tp:")
        #expect(Set(configuration.rateLimit.tiers.keys) == ["free", "standard", "internal"])
        #expect(configuration.rateLimit.tiers["free"]?.requests.map(\.description) == ["60/60s", "1000/86400s"])
        #expect(configuration.rateLimit.degradedMode == .local)
        #expect(configuration.rateLimit.decisionTimeout == .milliseconds(25))
        #expect(configuration.defaultTier == "free")
        #expect(configuration.bootstrapTier == "internal")
        #expect(configuration.cache.enabled)
        #expect(configuration.cache.lifetimes.freshMilliseconds == 900_000)
        #expect(configuration.cache.leaseTTL == .seconds(35))
        #expect(configuration.cacheRedis == nil)
    }

    @Test func customTiersFromTheEnvironment() throws {
        let configuration = try self.configuration([
            "TAGPULSE_RATELIMIT_TIERS": "free, gold",
            "TAGPULSE_RATELIMIT_TIER_GOLD_REQUESTS": "1000/min, 100000/day",
            "TAGPULSE_RATELIMIT_TIER_GOLD_ANALYSES": "100/min:10",
            "TAGPULSE_RATELIMIT_DEFAULT_TIER": "gold",
            "TAGPULSE_AUTH_BOOTSTRAP_TIER": "gold",
            "TAGPULSE_RATELIMIT_DEGRADED_MODE": "FAIL_CLOSED",
            "TAGPULSE_RATELIMIT_IP": "30/min",
            "TAGPULSE_CACHE_REDIS_URL": "redis://:secret@cache.internal:6380/2",
        ])
        #expect(configuration.rateLimit.tiers["gold"]?.requests.count == 2)
        #expect(configuration.rateLimit.tiers["gold"]?.analyses.first?.burst == 10)
        #expect(configuration.rateLimit.degradedMode == .failClosed)
        #expect(configuration.rateLimit.ip.first?.limit == 30)
        #expect(configuration.cacheRedis?.database == 2)
    }

    @Test func theHitKeyMemoSizeIsReadAndChecked() throws {
        #expect(try self.configuration([:]).hitPath.keyMemoCapacity == 10_000)
        #expect(try self.configuration(["TAGPULSE_CACHE_HIT_KEY_MEMO_ENTRIES": "250000"]).hitPath.keyMemoCapacity == 250_000)
        for bad in ["1", "0", "-5", "2000000", "many"] {
            #expect(self.error(["TAGPULSE_CACHE_HIT_KEY_MEMO_ENTRIES": bad])?.key == "TAGPULSE_CACHE_HIT_KEY_MEMO_ENTRIES", "\(bad)")
        }
    }

    @Test func badValuesNameTheirKey() {
        #expect(self.error(["TAGPULSE_RATELIMIT_TIERS": "gold"])?.key == "TAGPULSE_RATELIMIT_TIER_GOLD_REQUESTS")
        #expect(self.error(["TAGPULSE_RATELIMIT_TIER_FREE_REQUESTS": "lots"])?.key == "TAGPULSE_RATELIMIT_TIER_FREE_REQUESTS")
        #expect(self.error(["TAGPULSE_RATELIMIT_DEFAULT_TIER": "platinum"])?.key == "TAGPULSE_RATELIMIT_DEFAULT_TIER")
        #expect(self.error(["TAGPULSE_RATELIMIT_DEGRADED_MODE": "maybe"])?.key == "TAGPULSE_RATELIMIT_DEGRADED_MODE")
        #expect(self.error(["TAGPULSE_REDIS_KEY_PREFIX": "has space"])?.key == "TAGPULSE_REDIS_KEY_PREFIX")
        #expect(self.error(["TAGPULSE_CACHE_LEASE_MS": "1000"])?.key == "TAGPULSE_CACHE_LEASE_MS")
        let url = self.error(["TAGPULSE_CACHE_REDIS_URL": "rediss://:hunter22@h:1/0"])
        #expect(url?.key == "TAGPULSE_CACHE_REDIS_URL")
        #expect(url?.description.contains("hunter22") == false)
    }
}

@Suite("Sentinel configuration keys")
struct SentinelConfigurationTests {
    @Test func sentinelsAndMaster() throws {
        let configuration = try GatewayConfiguration(
            source: ConfigSource(environment: [
                "TAGPULSE_REDIS_SENTINELS": "10.0.0.1:26379, [fd00::2]:26380,sentinel-3",
                "TAGPULSE_REDIS_SENTINEL_MASTER": "tagpulse",
                "TAGPULSE_REDIS_SENTINEL_PASSWORD": "s3cret",
            ])
        )
        let sentinel = try #require(configuration.redis.sentinel)
        #expect(sentinel.addresses.map(\.description) == ["10.0.0.1:26379", "[fd00::2]:26380", "sentinel-3:6379"])
        #expect(sentinel.masterName == "tagpulse")
        #expect(sentinel.password == "s3cret")
        #expect(try GatewayConfiguration(source: ConfigSource(environment: [:])).redis.sentinel == nil)
    }

    @Test(arguments: [" , ", "user:pw@host:1", "host:notaport", "host/0"])
    func refusesBadLists(list: String) {
        #expect(throws: ConfigurationError.self) {
            _ = try GatewayConfiguration(
                source: ConfigSource(environment: ["TAGPULSE_REDIS_SENTINELS": list, "TAGPULSE_REDIS_URL": "redis://x:1/0"])
            )
        }
    }
}
