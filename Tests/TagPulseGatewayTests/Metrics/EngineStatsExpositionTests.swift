import TagPulseTelemetry
import TagPulseWire
import XCTest

@testable import TagPulseGateway

final class EngineStatsExpositionTests: XCTestCase {
    func testRendersTheEnginesCountersAsPrometheusText() {
        let stats = EngineStats(
            version: "0.1.0",
            provider: "rapidapi",
            analyzer: "local",
            uptimeSeconds: 12.5,
            maxConcurrentAnalyses: 8,
            inFlight: 3,
            connections: 2,
            requestsTotal: 41,
            errorsTotal: ["NOT_FOUND": 2],
            upstreams: ["rapidapi": UpstreamStats(calls: ["ok": 30, "timeout": 1], circuit: "open")]
        )
        let text = EngineStatsExposition.render(stats)
        for line in [
            "tagpulse_engine_up 1", "tagpulse_engine_requests_total 41", #"tagpulse_engine_request_errors_total{code="NOT_FOUND"} 2"#,
            "tagpulse_engine_analyses_in_flight 3", "tagpulse_engine_analyses_capacity 8", "tagpulse_engine_uptime_seconds 12.5",
            #"tagpulse_engine_upstream_calls_total{upstream="rapidapi",outcome="ok"} 30"#,
            #"tagpulse_engine_upstream_calls_total{upstream="rapidapi",outcome="timeout"} 1"#,
            #"tagpulse_engine_circuit_state{upstream="rapidapi",state="open"} 1"#,
            #"tagpulse_engine_circuit_state{upstream="rapidapi",state="closed"} 0"#,
            #"tagpulse_engine_circuit_state{upstream="rapidapi",state="half_open"} 0"#, "# TYPE tagpulse_engine_upstream_calls_total counter",
        ] {
            XCTAssertTrue(text.split(separator: "\n").contains(Substring(line)), "missing \(line) in\n\(text)")
        }
    }

    func testAnEngineThatDidNotAnswerIsDown() {
        XCTAssertEqual(
            EngineStatsExposition.render(nil),
            "# HELP tagpulse_engine_up 1 when the engine answered its stats call at this scrape\n# TYPE tagpulse_engine_up gauge\ntagpulse_engine_up 0\n"
        )
    }

    func testLabelValuesAreEscaped() {
        var text = PrometheusText()
        text.sample("m", [("code", "a\"b\\c\nd")], 1.5)
        XCTAssertEqual(text.text, #"m{code="a\"b\\c\nd"} 1.5"# + "\n")
    }
}
