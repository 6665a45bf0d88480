import Foundation
import TagPulseSettings
import Testing

@testable import TagPulseGateway

@Suite("Edge configuration keys")
struct EdgeConfigurationTests {
    @Test("defaults")
    func defaults() throws {
        let configuration = try GatewayConfiguration(source: ConfigSource(environment: [:]))
        #expect(configuration.trustedProxies.isEmpty)
        #expect(configuration.cors == .disabled)
        #expect(configuration.maxInFlight == 1024)
        #expect(configuration.headerTimeout == .seconds(10))
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxHeaderBytes == 16384)
        let channel = configuration.http1Channel
        #expect(channel.idleTimeout == .seconds(30))
        #expect(channel.headerTimeout == .seconds(10))
    }

    @Test("values from the environment and from a config file")
    func values() throws {
        let environment = [
            "TAGPULSE_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::/32",
            "TAGPULSE_CORS_ORIGINS": "https://app.example.com, http://localhost:5173",
            "TAGPULSE_HTTP_MAX_IN_FLIGHT": "64",
            "TAGPULSE_HTTP_HEADER_TIMEOUT_S": "3",
            "TAGPULSE_HTTP_MAX_HEADER_COUNT": "50",
            "TAGPULSE_HTTP_MAX_HEADER_BYTES": "8192",
        ]
        let configuration = try GatewayConfiguration(source: ConfigSource(environment: environment))
        #expect(configuration.trustedProxies.networks.map(\.description) == ["10.0.0.0/8", "2001:db8::/32"])
        #expect(configuration.cors == (try CORSPolicy(origins: ["https://app.example.com", "http://localhost:5173"])))
        #expect(configuration.maxInFlight == 64)
        #expect(configuration.headerTimeout == .seconds(3))
        #expect(configuration.maxHeaderCount == 50)
        #expect(configuration.maxHeaderBytes == 8192)

        let file = ConfigSource(
            environment: [:],
            fileValues: ["trusted_proxies": "192.168.0.0/16", "cors.origins": "*", "http.max_in_flight": "10"],
            filePath: "gateway.yaml"
        )
        let fromFile = try GatewayConfiguration(source: file)
        #expect(fromFile.trustedProxies.networks.map(\.description) == ["192.168.0.0/16"])
        #expect(fromFile.cors.allowedOrigins == .any)
        #expect(fromFile.maxInFlight == 10)
        #expect(file.unreadFileKeys().isEmpty)
    }

    @Test(
        "a bad value names its key (and the offending entry)",
        arguments: [
            ("TAGPULSE_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.300", "10.0.0.300"),
            ("TAGPULSE_TRUSTED_PROXIES", "10.0.0.0/40", "10.0.0.0/40"),
            ("TAGPULSE_CORS_ORIGINS", "https://app.example.com/", "https://app.example.com/"),
            ("TAGPULSE_CORS_ORIGINS", "*, https://app.example.com", "*"),
            ("TAGPULSE_HTTP_MAX_IN_FLIGHT", "0", "1 to 100000"),
            ("TAGPULSE_HTTP_MAX_IN_FLIGHT", "100001", "1 to 100000"),
            ("TAGPULSE_HTTP_HEADER_TIMEOUT_S", "0", "1 to 300"),
            ("TAGPULSE_HTTP_HEADER_TIMEOUT_S", "ten", "1 to 300"),
            ("TAGPULSE_HTTP_MAX_HEADER_COUNT", "7", "8 to 1000"),
            ("TAGPULSE_HTTP_MAX_HEADER_COUNT", "1001", "8 to 1000"),
            ("TAGPULSE_HTTP_MAX_HEADER_BYTES", "1023", "1024 to 65536"),
            ("TAGPULSE_HTTP_MAX_HEADER_BYTES", "65537", "1024 to 65536"),
        ]
    )
    func badValues(variable: String, value: String, mentioned: String) {
        let error = #expect(throws: ConfigurationError.self, "\(variable)=\(value)") {
            try GatewayConfiguration(source: ConfigSource(environment: [variable: value]))
        }
        #expect(error?.key == variable)
        #expect(error?.message.contains(mentioned) == true, "\(error?.message ?? "")")
    }

    @Test("a bad file value names the file key")
    func badFileValue() {
        let source = ConfigSource(environment: [:], fileValues: ["trusted_proxies": "not-a-cidr"], filePath: "gateway.yaml")
        let error = #expect(throws: ConfigurationError.self) { try GatewayConfiguration(source: source) }
        #expect(error?.key == "trusted_proxies in gateway.yaml")
        #expect(error?.message.contains("not-a-cidr") == true)
    }
}
