import TagPulseSettings
import Testing

@testable import TagPulseGateway

/// The keys added for issue #15 (items 3, 4, 11, 13): defaults, values, and bad values naming their key.
@Suite("Hardening configuration keys")
struct HardeningConfigurationTests {
    @Test("defaults")
    func defaults() throws {
        let configuration = try GatewayConfiguration(source: ConfigSource(environment: [:]))
        #expect(configuration.bodyTimeout == .seconds(10))
        #expect(configuration.http1Channel.bodyTimeout == .seconds(10))
        #expect(configuration.maxInFlightPerClient == nil)
        #expect(configuration.effectiveMaxInFlightPerClient == 256, "a quarter of http.max_in_flight")
        #expect(configuration.keyCache.negativeCapacity == 10_000)
        #expect(configuration.rateLimit.ipv6Prefix == 64)
        #expect(configuration.readinessCacheMilliseconds == 1000)
        #expect(configuration.eventLoops == nil, "one per core")
        #expect(configuration.rateLimit.upstream.map(\.description) == ["60000/60s"])
        let small = try GatewayConfiguration(source: ConfigSource(environment: ["TAGPULSE_HTTP_MAX_IN_FLIGHT": "3"]))
        #expect(small.effectiveMaxInFlightPerClient == 1, "at least one")
    }

    @Test("values from the environment")
    func values() throws {
        let configuration = try GatewayConfiguration(
            source: ConfigSource(environment: [
                "TAGPULSE_HTTP_BODY_TIMEOUT_MS": "2500",
                "TAGPULSE_HTTP_MAX_IN_FLIGHT_PER_CLIENT": "7",
                "TAGPULSE_AUTH_NEGATIVE_CACHE_SIZE": "500",
                "TAGPULSE_RATELIMIT_IP_IPV6_PREFIX": "48",
                "TAGPULSE_READINESS_CACHE_MS": "0",
                "TAGPULSE_HTTP_EVENT_LOOPS": "1",
            ])
        )
        #expect(configuration.eventLoops == 1)
        #expect(configuration.bodyTimeout == .milliseconds(2500))
        #expect(configuration.http1Channel.bodyTimeout == .milliseconds(2500))
        #expect(configuration.effectiveMaxInFlightPerClient == 7)
        #expect(configuration.keyCache.negativeCapacity == 500)
        #expect(configuration.rateLimit.ipv6Prefix == 48)
        #expect(configuration.readinessCacheMilliseconds == 0)
    }

    @Test(
        "a bad value names its key",
        arguments: [
            ("TAGPULSE_HTTP_BODY_TIMEOUT_MS", "99"),
            ("TAGPULSE_HTTP_BODY_TIMEOUT_MS", "300001"),
            ("TAGPULSE_HTTP_MAX_IN_FLIGHT_PER_CLIENT", "0"),
            ("TAGPULSE_AUTH_NEGATIVE_CACHE_SIZE", "0"),
            ("TAGPULSE_RATELIMIT_IP_IPV6_PREFIX", "31"),
            ("TAGPULSE_RATELIMIT_IP_IPV6_PREFIX", "129"),
            ("TAGPULSE_READINESS_CACHE_MS", "-1"),
            ("TAGPULSE_READINESS_CACHE_MS", "60001"),
            ("TAGPULSE_HTTP_EVENT_LOOPS", "0"),
            ("TAGPULSE_HTTP_EVENT_LOOPS", "many"),
        ]
    )
    func badValues(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self, "\(variable)=\(value)") {
            try GatewayConfiguration(source: ConfigSource(environment: [variable: value]))
        }
        #expect(error?.key == variable)
    }
}
