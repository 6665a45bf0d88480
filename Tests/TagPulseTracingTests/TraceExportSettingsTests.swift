import TagPulseSettings
import XCTest

@testable import TagPulseTracing

final class TraceExportSettingsTests: XCTestCase {
    func settings(_ environment: [String: String]) throws(ConfigurationError) -> TraceExportSettings {
        try TraceExportSettings(source: ConfigSource(environment: environment))
    }

    func testExportIsOffByDefault() throws {
        let settings = try self.settings([:])
        XCTAssertFalse(settings.enabled)
        XCTAssertNil(settings.tracesURL)
        XCTAssertEqual(settings, TraceExportSettings())
        XCTAssertFalse(try self.settings(["TAGPULSE_TRACE_OTLP_ENDPOINT": ""]).enabled, "empty is off")
    }

    func testTheEndpointIsABaseURL() throws {
        let settings = try self.settings([
            "TAGPULSE_TRACE_OTLP_ENDPOINT": "http://collector:4318/",
            "TAGPULSE_TRACE_OTLP_HEADERS": "x-api-key=abc=def, X-Tenant = blue",
            "TAGPULSE_TRACE_OTLP_SAMPLE_RATIO": "0.25",
            "TAGPULSE_TRACE_OTLP_BATCH_SIZE": "100",
            "TAGPULSE_TRACE_OTLP_FLUSH_INTERVAL_MS": "250",
        ])
        XCTAssertEqual(settings.tracesURL, "http://collector:4318/v1/traces")
        XCTAssertEqual(settings.headers.map(\.name), ["x-api-key", "X-Tenant"])
        XCTAssertEqual(settings.headers.map(\.value), ["abc=def", "blue"])
        XCTAssertEqual(settings.sampleRatio, 0.25)
        XCTAssertEqual(settings.batchSize, 100)
        XCTAssertEqual(settings.flushInterval, .milliseconds(250))
        XCTAssertEqual(
            try self.settings(["TAGPULSE_TRACE_OTLP_ENDPOINT": "https://otlp.example/v1/traces"]).tracesURL,
            "https://otlp.example/v1/traces",
            "a signal-specific URL is used as it is"
        )
    }

    func testBadValuesStopStartUpNamingTheKey() {
        let cases: [(String, String)] = [
            ("TAGPULSE_TRACE_OTLP_ENDPOINT", "collector:4318"),
            ("TAGPULSE_TRACE_OTLP_ENDPOINT", "ftp://collector"),
            ("TAGPULSE_TRACE_OTLP_ENDPOINT", "http://"),
            ("TAGPULSE_TRACE_OTLP_ENDPOINT", "http://collector/?a=b"),
            ("TAGPULSE_TRACE_OTLP_SAMPLE_RATIO", "1.5"),
            ("TAGPULSE_TRACE_OTLP_SAMPLE_RATIO", "half"),
            ("TAGPULSE_TRACE_OTLP_BATCH_SIZE", "0"),
            ("TAGPULSE_TRACE_OTLP_QUEUE_SIZE", "many"),
            ("TAGPULSE_TRACE_OTLP_FLUSH_INTERVAL_MS", "5"),
            ("TAGPULSE_TRACE_OTLP_TIMEOUT_MS", "99"),
            ("TAGPULSE_TRACE_OTLP_MAX_ATTEMPTS", "11"),
        ]
        for (name, value) in cases {
            XCTAssertThrowsError(try self.settings([name: value]), "\(name)=\(value)") { error in
                XCTAssertEqual((error as? ConfigurationError)?.key, name)
            }
        }
    }

    func testBadHeadersAreRefusedWithoutEchoingTheSecret() {
        for value in ["s3cret-without-equals", "bad name=s3cret", "x=s3c\nret", "=s3cret"] {
            XCTAssertThrowsError(try self.settings(["TAGPULSE_TRACE_OTLP_HEADERS": value]), value) { error in
                let error = error as? ConfigurationError
                XCTAssertEqual(error?.key, "TAGPULSE_TRACE_OTLP_HEADERS")
                XCTAssertFalse(error?.description.contains("s3c") ?? true, "the secret is not echoed")
            }
        }
    }

    func testHeadersAreASecretInPrintConfig() throws {
        let source = ConfigSource(environment: ["TAGPULSE_TRACE_OTLP_HEADERS": "authorization=Bearer s3cr3t-token"])
        _ = try TraceExportSettings(source: source)
        let reading = try XCTUnwrap(source.readings().first { $0.key.name == "trace.otlp.headers" })
        XCTAssertEqual(reading.displayValue, "****")
    }
}
