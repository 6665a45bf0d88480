import TagPulseSettings
import TagPulseTelemetry
import Testing

@testable import TagPulseGateway

/// The original service's variables the gateway honours, and the key catalog the start-up warnings use (#18).
@Suite("Migration configuration")
struct MigrationConfigurationTests {
    @Test("PORT sets the port when TAGPULSE_HTTP_PORT does not")
    func port() throws {
        #expect(try GatewayConfiguration(source: ConfigSource(environment: ["PORT": "8000"])).httpPort == 8000)
        let both = try GatewayConfiguration(source: ConfigSource(environment: ["PORT": "8000", "TAGPULSE_HTTP_PORT": "9000"]))
        #expect(both.httpPort == 9000)
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration(source: ConfigSource(environment: ["PORT": "eighty"])) }
    }

    @Test("ENVIRONMENT is what /health reports as environment; a value that would need escaping stops start-up")
    func environment() throws {
        #expect(try GatewayConfiguration(source: ConfigSource(environment: [:])).environment == "production")
        #expect(try GatewayConfiguration(source: ConfigSource(environment: ["ENVIRONMENT": "development"])).environment == "development")
        let both = try GatewayConfiguration(source: ConfigSource(environment: ["ENVIRONMENT": "development", "TAGPULSE_ENVIRONMENT": "eu-1.prod"]))
        #expect(both.environment == "eu-1.prod")
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration(source: ConfigSource(environment: ["ENVIRONMENT": "a\"b"])) }
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration(source: ConfigSource(environment: ["ENVIRONMENT": ""])) }
    }

    @Test("LOG_LEVEL as the original wrote it")
    func logLevel() throws {
        #expect(try LogSettings(source: ConfigSource(environment: ["LOG_LEVEL": "WARNING"])).level == .warning)
        #expect(try LogSettings(source: ConfigSource(environment: ["LOG_LEVEL": "CRITICAL", "TAGPULSE_LOG_LEVEL": "debug"])).level == .debug)
    }

    @Test("every key the gateway reads is in the catalog, so the engine does not warn about it")
    func catalog() throws {
        let source = ConfigSource(environment: [
            "TAGPULSE_REDIS_SENTINELS": "127.0.0.1:26379", "TAGPULSE_CACHE_REDIS_URL": "redis://127.0.0.1:6380/0",
            "TAGPULSE_RATELIMIT_TIERS": "free,gold", "TAGPULSE_RATELIMIT_TIER_GOLD_REQUESTS": "10/min",
        ])
        _ = try GatewayConfiguration(source: source)
        _ = try LogSettings(source: source)
        let read = source.readings().map(\.key.name).filter { !$0.hasPrefix("ratelimit.tier.") }
        #expect(read.count > 60)
        #expect(Set(read).subtracting(ConfigKeyCatalog.gateway).isEmpty, "add these to ConfigKeyCatalog.gateway")
        #expect(ConfigKeyCatalog.gateway.subtracting(read).isEmpty, "ConfigKeyCatalog.gateway names keys the gateway no longer reads")
    }

    @Test("--print-config takes each default from the code that reads the key")
    func readingsShowDefaults() throws {
        let source = ConfigSource(environment: ["TAGPULSE_HTTP_MAX_IN_FLIGHT": "40"])
        _ = try GatewayConfiguration(source: source)
        let readings = Dictionary(uniqueKeysWithValues: source.readings().map { ($0.key.name, $0) })
        #expect(readings["http.port"]?.value == "8080")
        #expect(readings["http.port"]?.source == .defaultValue)
        #expect(readings["cache.fresh_s"]?.value == "900")
        #expect(readings["ratelimit.ip"]?.value == "120/60s")
        #expect(readings["http.max_in_flight_per_client"]?.value == "10", "a quarter of http.max_in_flight")
        #expect(readings["http.max_in_flight"]?.source == .environment("TAGPULSE_HTTP_MAX_IN_FLIGHT"))
        #expect(readings["bootstrap_key"]?.value == nil)
        // Durations take the config struct's default, shown in the key's unit.
        #expect(readings["http.idle_timeout_s"]?.value == "30")
        #expect(readings["engine.request_timeout_ms"]?.value == "30000")
        #expect(readings["shutdown.grace_period_ms"]?.value == "20000")
        #expect(readings["warm.job_ttl_s"]?.value == "86400")
        #expect(readings["metrics.port"]?.value == "9464")
    }
}
