import Foundation
import TagPulseSettings
import XCTest

@testable import TagPulseEngine

final class EngineConfigurationTests: XCTestCase {
    func testDefaultsAreOfflineAndNeedNothing() throws {
        let configuration = try EngineConfiguration(source: ConfigSource(environment: [:]))
        XCTAssertEqual(configuration.provider, .corpus)
        XCTAssertEqual(configuration.analyzer, .local)
        XCTAssertEqual(configuration.socketPath, "/tmp/tagpulse-\(geteuid())/engine.sock", "a private directory of this user")
        XCTAssertEqual(configuration.gatewayUID, UInt32(geteuid()))
        XCTAssertEqual(configuration.maxQueuedResponseBytes, 64 << 20)
        XCTAssertNil(configuration.rapidAPI)
        let runtime = try EngineConfiguration(source: ConfigSource(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]))
        XCTAssertEqual(runtime.socketPath, "/run/user/1000/tagpulse/engine.sock")
    }

    func testPeerUIDAndQueueBoundAreConfigurable() throws {
        let configuration = try EngineConfiguration(
            source: ConfigSource(environment: ["TAGPULSE_ENGINE_GATEWAY_UID": "1001", "TAGPULSE_ENGINE_MAX_QUEUED_RESPONSE_BYTES": "1048576"])
        )
        XCTAssertEqual(configuration.gatewayUID, 1001)
        XCTAssertEqual(configuration.maxQueuedResponseBytes, 1 << 20)
        for bad in [["TAGPULSE_ENGINE_GATEWAY_UID": "-1"], ["TAGPULSE_ENGINE_MAX_QUEUED_RESPONSE_BYTES": "10"]] {
            XCTAssertThrowsError(try EngineConfiguration(source: ConfigSource(environment: bad))) { error in
                XCTAssertEqual((error as? ConfigurationError)?.key, bad.keys.first)
            }
        }
    }

    func testARapidAPIKeySelectsTheRealProvider() throws {
        let configuration = try EngineConfiguration(
            source: ConfigSource(environment: ["TIKTOK_RAPIDAPI_KEY": "0123456789abcdef", "TIKTOK_BASE_URL": "http://127.0.0.1:9999"])
        )
        XCTAssertEqual(configuration.provider, .rapidapi)
        XCTAssertEqual(configuration.rapidAPI?.baseURL, "http://127.0.0.1:9999")
        XCTAssertEqual(configuration.rapidAPI?.host, RapidAPIConfiguration.defaultHost)
        // An explicit choice wins over the key.
        let offline = try EngineConfiguration(
            source: ConfigSource(environment: ["TIKTOK_RAPIDAPI_KEY": "0123456789abcdef", "TAGPULSE_PROVIDER": "corpus"])
        )
        XCTAssertEqual(offline.provider, .corpus)
    }

    func testAnOpenAIKeySelectsTheOpenAIAnalyzer() throws {
        let configuration = try EngineConfiguration(
            source: ConfigSource(environment: ["OPENAI_API_KEY": "test-openai-key-0123456789", "OPENAI_MODEL": "gpt-4o-mini"])
        )
        XCTAssertEqual(configuration.analyzer, .openai)
        XCTAssertEqual(configuration.openAI?.defaultModel, "gpt-4o-mini")
        XCTAssertEqual(configuration.openAI?.baseURL, "https://api.openai.com/v1")
        XCTAssertEqual(configuration.provider, .corpus, "each upstream is chosen by its own key")
    }

    func testBadValuesNameTheirKey() {
        let cases: [([String: String], String)] = [
            (["TAGPULSE_PROVIDER": "rapidapi"], "TIKTOK_RAPIDAPI_KEY"),
            (["TIKTOK_RAPIDAPI_KEY": "short"], "TIKTOK_RAPIDAPI_KEY"),
            (["TIKTOK_RAPIDAPI_KEY": "0123456789abcdef", "TIKTOK_BASE_URL": "ftp://x"], "TIKTOK_BASE_URL"),
            (["TAGPULSE_PROVIDER": "magic"], "TAGPULSE_PROVIDER"),
            (["TAGPULSE_ENGINE_SOCKET": "relative.sock"], "TAGPULSE_ENGINE_SOCKET"),
            (["TAGPULSE_ENGINE_MAX_CONCURRENT_ANALYSES": "0"], "TAGPULSE_ENGINE_MAX_CONCURRENT_ANALYSES"),
            (["TAGPULSE_ANALYZER": "openai"], "OPENAI_API_KEY"),
            (["OPENAI_API_KEY": "test-openai-key-0123456789", "OPENAI_BASE_URL": "api.openai.com"], "OPENAI_BASE_URL"),
        ]
        for (environment, key) in cases {
            XCTAssertThrowsError(try EngineConfiguration(source: ConfigSource(environment: environment)), "\(environment)") { error in
                XCTAssertEqual((error as? ConfigurationError)?.key, key, "\(error)")
                XCTAssertFalse("\(error)".contains("0123456789abcdef"), "secrets are never echoed")
            }
        }
    }
}

/// The original service's variables the engine honours, and the key catalog the start-up warnings use (#18).
final class EngineMigrationConfigurationTests: XCTestCase {
    let keys = ["TIKTOK_RAPIDAPI_KEY": "rapid-key-0123456789", "OPENAI_API_KEY": "sk-test-0123456789abcdefghij"]

    func testOriginalVariablesMeaningTheSameAreHonoured() throws {
        let original = try EngineConfiguration(
            source: ConfigSource(environment: self.keys.merging(["DEFAULT_MODEL": "gpt-4.1-2025-04-14", "MAX_CONCURRENT_AGENTS": "3"]) { $1 })
        )
        XCTAssertEqual(original.openAI?.defaultModel, "gpt-4.1-2025-04-14")
        XCTAssertTrue(original.openAI?.allowedModels.contains("gpt-4.1-2025-04-14") ?? false)
        XCTAssertEqual(original.pipeline.analysisConcurrency, 3)
        let ours = try EngineConfiguration(
            source: ConfigSource(
                environment: self.keys.merging([
                    "DEFAULT_MODEL": "gpt-4.1-2025-04-14", "OPENAI_MODEL": "gpt-4.1-mini", "MAX_CONCURRENT_AGENTS": "3",
                    "TAGPULSE_PIPELINE_ANALYSIS_CONCURRENCY": "5",
                ]) { $1 }
            )
        )
        XCTAssertEqual(ours.openAI?.defaultModel, "gpt-4.1-mini")
        XCTAssertEqual(ours.pipeline.analysisConcurrency, 5)
    }

    func testEveryKeyTheEngineReadsIsInTheCatalog() throws {
        let source = ConfigSource(environment: self.keys)
        _ = try EngineConfiguration(source: source)
        let read = Set(source.readings().map(\.key.name))
        XCTAssertEqual(read.subtracting(ConfigKeyCatalog.engine), [], "add these to ConfigKeyCatalog.engine")
        XCTAssertEqual(ConfigKeyCatalog.engine.subtracting(read).subtracting(["log.level", "log.format"]), [], "no longer read")
    }
}
