import Foundation
import TagPulseAccess
import TagPulseSettings
import Testing

@testable import TagPulseGateway

/// The demo key printed in the README opens every scope: a gateway refuses it unless only this host can reach it.
@Suite("Published bootstrap keys")
struct BootstrapKeyConfigurationTests {
    static let demoKey = "tp_dev_local_only_change_me_0000"

    func error(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try GatewayConfiguration(source: ConfigSource(environment: environment))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["0.0.0.0", "::", "192.168.1.10", "10.0.0.5", "gateway.example.com", "[::]"])
    func theDemoKeyIsRefusedOnAPublicListener(host: String) throws {
        for name in ["TAGPULSE_BOOTSTRAP_KEY", "SERVICE_API_KEY"] {
            let refusal = try #require(self.error([name: Self.demoKey, "TAGPULSE_HTTP_HOST": host]))
            #expect(refusal.key == name)
            #expect(refusal.message.contains("loopback"))
            #expect(!"\(refusal)".contains(Self.demoKey), "the key itself is never echoed")
        }
    }

    @Test(arguments: ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost", "LocalHost"])
    func theDemoKeyStillWorksOnLoopback(host: String) throws {
        let configuration = try GatewayConfiguration(
            source: ConfigSource(environment: ["TAGPULSE_BOOTSTRAP_KEY": Self.demoKey, "TAGPULSE_HTTP_HOST": host])
        )
        #expect(configuration.bootstrapKey == Self.demoKey)
        // scripts/run's set-up: the default host.
        #expect(self.error(["TAGPULSE_BOOTSTRAP_KEY": Self.demoKey]) == nil)
    }

    @Test func anUnpublishedKeyWorksOnAnyListener() throws {
        let configuration = try GatewayConfiguration(
            source: ConfigSource(environment: ["TAGPULSE_BOOTSTRAP_KEY": "tp_my_own_4f1c9a7e2b8d6035", "TAGPULSE_HTTP_HOST": "0.0.0.0"])
        )
        #expect(configuration.bootstrapKey == "tp_my_own_4f1c9a7e2b8d6035")
    }

    /// Every key-shaped string the README, docs/, docker/ and scripts/ print (a `tp_…` token, or the default of a
    /// `${TAGPULSE_BOOTSTRAP_KEY:-…}`/`${SERVICE_API_KEY:-…}`) is in `BootstrapKey.published`.
    @Test func everyKeyPrintedInTheRepositoryIsKnownAsPublished() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files = [root.appendingPathComponent("README.md")]
        for folder in ["docs", "docker", "scripts"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if !url.hasDirectoryPath { files.append(url) }
            }
        }
        let token = try Regex(#"(?:^|[^A-Za-z0-9_])(tp_[A-Za-z0-9_]{16,})(?![A-Za-z0-9_])"#).anchorsMatchLineEndings()
        let fallback = try Regex(#"(?:BOOTSTRAP_KEY|SERVICE_API_KEY):?-([^}\s]{16,})\}"#)
        var found: Set<String> = []
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in text.matches(of: token) {
                if let value = match.output[1].substring { found.insert(String(value)) }
            }
            for match in text.matches(of: fallback) {
                if let value = match.output[1].substring, !value.hasPrefix("$") { found.insert(String(value)) }
            }
        }
        #expect(found.contains(Self.demoKey), "the scan finds the README's demo key")
        #expect(found.subtracting(BootstrapKey.published).isEmpty, "published but not refused: \(found.subtracting(BootstrapKey.published))")
    }
}
