import TagPulseSettings
import XCTest

/// The start-up findings about the environment: the original service's variables TagPulse does not read, and
/// `TAGPULSE_…` variables no process reads.
final class EnvironmentAuditTests: XCTestCase {
    /// The original service's configuration table (docs/original-service.md). Each is either an alias of a key
    /// (checked where the key is read: the gateway's and the engine's configuration tests, LogSettingsTests) or
    /// reported at start-up with what replaces it.
    let original = [
        "TIKTOK_RAPIDAPI_KEY", "OPENAI_API_KEY", "SERVICE_API_KEY", "TIKTOK_RAPIDAPI_HOST", "TIKTOK_BASE_URL", "DEFAULT_MODEL",
        "MAX_CONCURRENT_AGENTS", "REQUEST_TIMEOUT", "TIKTOK_REQUEST_DELAY", "USE_MOCK_DATA", "LOG_LEVEL", "ENVIRONMENT", "PORT",
        "API_TITLE", "API_VERSION", "API_DESCRIPTION", "MAX_POSTS_PER_REQUEST", "DEFAULT_POSTS_PER_REQUEST", "MAX_QUOTE_LENGTH",
        "MAX_COMMENTS_PER_VIDEO", "DEFAULT_COMMENTS_PER_VIDEO", "MAX_RETRIES", "RETRY_DELAY",
    ]
    let aliases: Set = [
        "TIKTOK_RAPIDAPI_KEY", "OPENAI_API_KEY", "SERVICE_API_KEY", "TIKTOK_RAPIDAPI_HOST", "TIKTOK_BASE_URL", "DEFAULT_MODEL",
        "MAX_CONCURRENT_AGENTS", "LOG_LEVEL", "PORT", "ENVIRONMENT",
    ]

    func testEveryOriginalVariableIsAnAliasOrReported() {
        let reported = Set(EnvironmentAudit.legacyVariables.map(\.name))
        for name in self.original {
            XCTAssertTrue(self.aliases.contains(name) != reported.contains(name), "\(name): exactly one of alias or reported")
        }
        XCTAssertEqual(reported.union(self.aliases), Set(self.original))
        let everything = Dictionary(uniqueKeysWithValues: self.original.map { ($0, "x") })
        XCTAssertEqual(EnvironmentAudit.ignoredLegacyVariables(in: everything).map(\.name).count, reported.count)
        XCTAssertEqual(EnvironmentAudit.ignoredLegacyVariables(in: ["PORT": "8000", "LOG_LEVEL": "INFO"]), [])
        let timeout = EnvironmentAudit.ignoredLegacyVariables(in: ["REQUEST_TIMEOUT": "250"])
        XCTAssertEqual(timeout.map(\.name), ["REQUEST_TIMEOUT"])
        XCTAssertTrue(timeout[0].instead.contains("TAGPULSE_TIKTOK_TIMEOUT_MS"))
    }

    func testUnknownTagPulseVariablesAreNamedWithTheClosestKey() {
        let environment = [
            "TAGPULSE_HTTP_PROT": "8080",  // a typo
            "TAGPULSE_ENGINE_POOL_SIZE": "2",  // the gateway's
            "TAGPULSE_PIPELINE_MAX_FEED_PAGES": "3",  // the engine's: one environment may serve both processes
            "TAGPULSE_RATELIMIT_TIER_GOLD_REQUESTS": "10/min",  // a tier's key
            "TAGPULSE_CONFIG": "/etc/tagpulse.yaml",
            "TAGPULSE_API_KEY": "tp_x",  // the CLI's
            "TAGPULSE_RUN_DIR": "/srv/run",  // scripts/run's
            "TAGPULSE_BENCH_RUNS": "3",  // a benchmark's
            "TAGPULSE_WHATEVER_THIS_IS": "1",
            "HOME": "/root",
        ]
        let unknown = EnvironmentAudit.unknownVariables(in: environment)
        XCTAssertEqual(unknown.map(\.name), ["TAGPULSE_HTTP_PROT", "TAGPULSE_WHATEVER_THIS_IS"])
        XCTAssertEqual(unknown[0].closest, "TAGPULSE_HTTP_PORT")
        XCTAssertNil(unknown[1].closest, "nothing is close")
        let lines = EnvironmentAudit.warnings(in: environment.merging(["USE_MOCK_DATA": "true"]) { $1 })
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines.contains { $0.contains("USE_MOCK_DATA") && $0.contains("TAGPULSE_PROVIDER=corpus") })
        XCTAssertTrue(lines.contains { $0.contains("did you mean TAGPULSE_HTTP_PORT?") })
    }

    func testTierPatternNeedsAName() {
        XCTAssertTrue(ConfigKeyCatalog.isKnown(environmentName: "TAGPULSE_RATELIMIT_TIER_FREE_ANALYSES"))
        XCTAssertFalse(ConfigKeyCatalog.isKnown(environmentName: "TAGPULSE_RATELIMIT_TIER_REQUESTS"))
        XCTAssertFalse(ConfigKeyCatalog.isKnown(environmentName: "TAGPULSE_RATELIMIT_TIER_FREE_REQUEST"))
    }
}
