import Foundation
import Logging
import NIOCore
import TagPulseRedis
import TagPulseTracing
import XCTest

@testable import TagPulseAccess
@testable import TagPulseGateway
@testable import TagPulseTelemetry

/// `/metrics` by the conventions: `# HELP` on every family, `tagpulse_build_info`, the standard `process_*`
/// families from `/proc`.
final class MetricsExpositionTests: XCTestCase {
    /// The body of a scrape with every family the gateway creates through swift-metrics touched once.
    func scrape() async -> String {
        let prometheus = PrometheusMetrics()
        let metrics = GatewayMetrics(factory: prometheus.factory)
        metrics.request(route: "/health", method: "GET", status: 200, nanoseconds: 1_000_000)
        metrics.engineCall(method: "analyze.hashtag", nanoseconds: 5_000_000, errorCode: "ENGINE_TIMEOUT")
        metrics.cacheLookup(.hit)
        metrics.inFlight.increment()
        metrics.engineInFlight.increment()
        metrics.ready.record(1)
        metrics.draining.record(0)
        metrics.warmItem(outcome: "warmed")
        _ = RedisMetrics(client: "control", factory: prometheus.factory)
        _ = SpanRecorder(capacity: 1, factory: prometheus.factory)
        HotCache(capacityBytes: 1 << 20, metricsFactory: prometheus.factory).removeAll()
        let limits = RateLimitMetrics(factory: prometheus.factory)
        limits.recordUnavailable(policies: [RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)], cost: 1)
        let listener = MetricsListener(
            settings: MetricsSettings(),
            prometheus: prometheus,
            engine: nil,
            build: BuildInfo(version: "9.9.9", commit: "abc1234"),
            logger: Logger(label: "test")
        )
        return String(buffer: await listener.scrape())
    }

    func testEveryFamilyHasHelpFromTheTable() async {
        let text = await self.scrape()
        let lines = text.split(separator: "\n").map(String.init)
        let families = lines.filter { $0.hasPrefix("# TYPE ") }.map { String($0.dropFirst(7).prefix { $0 != " " }) }
        XCTAssertGreaterThanOrEqual(families.count, 20, text)
        XCTAssertEqual(Set(families).count, families.count, "a family is declared twice")
        for family in families {
            let help = lines.filter { $0.hasPrefix("# HELP \(family) ") }
            XCTAssertEqual(help.count, 1, "\(family) needs exactly one HELP")
            let index = lines.firstIndex { $0.hasPrefix("# TYPE \(family) ") }!
            XCTAssertTrue(lines[index - 1].hasPrefix("# HELP \(family) "), "HELP right before TYPE for \(family)")
            if family.hasPrefix("tagpulse_"), family != "tagpulse_build_info" {
                XCTAssertNotNil(MetricHelp.texts[family], "\(family): add its HELP to MetricHelp.texts")
            }
        }
        for family in MetricHelp.texts.keys {
            XCTAssertTrue(families.contains(family), "MetricHelp.texts names \(family), which no longer exists")
        }
    }

    func testBuildInfoAndProcessMetrics() async throws {
        let text = await self.scrape()
        XCTAssertTrue(
            text.contains(#"tagpulse_build_info{version="9.9.9",commit="abc1234",swift_version="\#(BuildInfo.compilerVersion)"} 1"#),
            text
        )
        XCTAssertTrue(BuildInfo.compilerVersion.hasPrefix("6."))
        XCTAssertEqual(BuildInfo(version: "1", commit: nil).commit, "unknown")
        let value = { (name: String) -> Double? in
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
        }
        XCTAssertGreaterThan(try XCTUnwrap(value("process_resident_memory_bytes")), 1_000_000)
        XCTAssertGreaterThan(try XCTUnwrap(value("process_open_fds")), 2)
        XCTAssertGreaterThan(try XCTUnwrap(value("process_max_fds")), 2)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(value("process_cpu_seconds_total")), 0)
        let start = try XCTUnwrap(value("process_start_time_seconds"))
        let now = Date().timeIntervalSince1970
        XCTAssertTrue(start <= now + 1 && start > now - 86_400 * 30, "\(start) vs \(now)")
        XCTAssertTrue(text.contains("# TYPE process_cpu_seconds_total counter"))
    }
}
