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

    func testTheEnginesProcessMetricsArePrefixed() {
        let process = ProcessMetrics(
            cpuSeconds: 1.5,
            residentBytes: 4096,
            virtualBytes: 8192,
            openFileDescriptors: 12,
            maxFileDescriptors: 1024,
            startTimeSeconds: 1_700_000_000
        )
        let stats = EngineStats(
            version: "0.1.0",
            provider: "corpus",
            analyzer: "local",
            uptimeSeconds: 1,
            maxConcurrentAnalyses: 8,
            inFlight: 0,
            connections: 1,
            requestsTotal: 1,
            errorsTotal: [:],
            process: process
        )
        let lines = EngineStatsExposition.render(stats).split(separator: "\n")
        for line in [
            "# TYPE tagpulse_engine_process_cpu_seconds_total counter", "tagpulse_engine_process_cpu_seconds_total 1.5",
            "tagpulse_engine_process_resident_memory_bytes 4096", "tagpulse_engine_process_virtual_memory_bytes 8192",
            "tagpulse_engine_process_open_fds 12", "tagpulse_engine_process_max_fds 1024",
            "tagpulse_engine_process_start_time_seconds 1700000000",
        ] {
            XCTAssertTrue(lines.contains(Substring(line)), "missing \(line) in\n\(lines.joined(separator: "\n"))")
        }
        XCTAssertFalse(lines.contains { $0.hasPrefix("process_") }, "the gateway's own process_* are not the engine's")
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
