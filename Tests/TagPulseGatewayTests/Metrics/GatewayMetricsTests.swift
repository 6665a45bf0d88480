import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MetricsTestKit
import NIOCore
import TagPulseCache
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// The gateway's metrics through the real router: label values are route templates, never raw paths.
final class GatewayMetricsTests: XCTestCase {
    static let key = "tp_test_key_0123456789abcdef"

    func testRequestsAreCountedByRouteTemplateAndStatus() async throws {
        let factory = TestMetrics()
        let metrics = GatewayMetrics(factory: factory)
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(maxBodyBytes: 4096, bootstrapKey: Self.key),
            engine: InMemoryEngine(),
            nowMilliseconds: { 1_759_276_800_000 },
            metrics: metrics
        )
        try await Application(router: router).test(.router) { client in
            for tag in ["skincare", "secrettagone", "secrettagtwo"] {
                try await client.execute(
                    uri: "/v1/hashtags/\(tag)/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F",
                    method: .get,
                    headers: [.authorization: "Bearer \(Self.key)"]
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                }
            }
            try await client.execute(uri: "/v1/hashtags/x/analysis", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
            try await client.execute(uri: "/no/such/secret-path", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
            }
        }
        let requests = factory.counters(label: "tagpulse_http_requests_total")
        let byLabels = Dictionary(
            requests.map { counter in
                (counter.dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ","), counter.totalValue)
            },
            uniquingKeysWith: +
        )
        let route = try XCTUnwrap(byLabels.keys.first { $0.contains("status=200") }.flatMap { $0.split(separator: ",").first })
        XCTAssertEqual(byLabels["\(route),method=GET,status=200"], 3, "\(byLabels)")
        XCTAssertEqual(byLabels["\(route),method=GET,status=401"], 1, "\(byLabels)")
        // Hummingbird's not-found responder names its own route: still a constant, never the path asked for.
        XCTAssertEqual(byLabels["route=NotFound,method=GET,status=404"], 1, "\(byLabels)")
        XCTAssertTrue(route.contains("tag") && route.hasPrefix("route=/v1/hashtags/"), String(route))
        for labels in byLabels.keys {
            XCTAssertFalse(labels.contains("secret") || labels.contains("skincare"), "a raw path leaked into labels: \(labels)")
        }
        XCTAssertEqual(factory.timers(label: "tagpulse_http_request_duration_seconds").map(\.values.count).reduce(0, +), 5)
        XCTAssertEqual(try factory.expectMeter("tagpulse_http_in_flight").values.last, 0)
        // No cache on this router: each valid analysis bypassed it; refused ones never reached it.
        XCTAssertEqual(try factory.expectCounter("tagpulse_cache_lookups_total", [("result", "bypass")]).totalValue, 3)
        XCTAssertEqual(try factory.expectCounter("tagpulse_cache_lookups_total", [("result", "hit")]).totalValue, 0)
    }

    func testCacheStatusMapsToOneLookupResult() {
        typealias Result = GatewayMetrics.CacheResult
        XCTAssertEqual(Result(CacheStatus(.hit, ttl: 10)), .hit)
        XCTAssertEqual(Result(CacheStatus(.hit, ttl: -1, detail: "stale-while-revalidate")), .stale)
        XCTAssertEqual(Result(CacheStatus(.hit, ttl: 10, collapsed: true)), .coalesced)
        XCTAssertEqual(Result(CacheStatus(.forward(.uriMiss, status: 200), stored: true)), .miss)
        XCTAssertEqual(Result(CacheStatus(.forward(.stale, status: 200), stored: true)), .miss)
        XCTAssertEqual(Result(CacheStatus(.forward(.stale, status: 503), detail: "stale-if-error")), .stale)
        XCTAssertEqual(Result(CacheStatus(.forward(.request, status: 200), stored: true)), .bypass)
        XCTAssertEqual(Result(CacheStatus(.forward(.bypass))), .bypass)
    }

    /// Each lookup result counts into its own series (the counters are kept in `allCases`' order).
    func testEachLookupResultCountsIntoItsOwnSeries() throws {
        let factory = TestMetrics()
        let metrics = GatewayMetrics(factory: factory)
        for (times, result) in GatewayMetrics.CacheResult.allCases.enumerated() {
            XCTAssertEqual(result.index, times)
            for _ in 0...times { metrics.cacheLookup(result) }
        }
        for (times, result) in GatewayMetrics.CacheResult.allCases.enumerated() {
            XCTAssertEqual(try factory.expectCounter("tagpulse_cache_lookups_total", [("result", result.rawValue)]).totalValue, Int64(times + 1))
        }
    }

    /// The event loop's per-route handles count into the router's series.
    func testAHitRouteCountsIntoTheRoutersSeries() throws {
        let factory = TestMetrics()
        let metrics = GatewayMetrics(factory: factory)
        let routes = HitRoutes(metrics: metrics)
        routes.get.recordRequest(status: 200, nanoseconds: 1_000)
        routes.get.recordRequest(status: 200, nanoseconds: 2_000)
        metrics.request(route: AnalysisController.hashtagQueryRoute, method: "GET", status: 200, nanoseconds: 3_000)
        routes.post["/v1/analyze/hashtag"]?.recordRequest(status: 429, nanoseconds: 4_000)
        routes.get.recordRequest(status: 503, nanoseconds: 5_000)
        let dimensions = [("route", "/v1/hashtags/{tag}/analysis"), ("method", "GET"), ("status", "200")]
        XCTAssertEqual(try factory.expectCounter("tagpulse_http_requests_total", dimensions).totalValue, 3)
        XCTAssertEqual(try factory.expectTimer("tagpulse_http_request_duration_seconds", dimensions).values, [1_000, 2_000, 3_000])
        XCTAssertEqual(
            try factory.expectCounter("tagpulse_http_requests_total", [("route", "/v1/analyze/hashtag"), ("method", "POST"), ("status", "429")])
                .totalValue,
            1
        )
        XCTAssertEqual(
            try factory.expectCounter(
                "tagpulse_http_requests_total",
                [("route", "/v1/hashtags/{tag}/analysis"), ("method", "GET"), ("status", "503")]
            )
            .totalValue,
            1
        )
    }

    func testEngineCallsCountDurationErrorsAndInFlight() {
        let factory = TestMetrics()
        let metrics = GatewayMetrics(factory: factory)
        metrics.engineCall(method: "analyze.hashtag", nanoseconds: 5_000_000, errorCode: nil)
        metrics.engineCall(method: "analyze.hashtag", nanoseconds: 7_000_000, errorCode: "ENGINE_TIMEOUT")
        XCTAssertEqual(
            try factory.expectTimer("tagpulse_engine_call_duration_seconds", [("method", "analyze.hashtag")]).values,
            [5_000_000, 7_000_000]
        )
        XCTAssertEqual(
            try factory.expectCounter("tagpulse_engine_errors_total", [("method", "analyze.hashtag"), ("code", "ENGINE_TIMEOUT")]).totalValue,
            1
        )
    }
}

final class WarmCountersMetricsTests: XCTestCase {
    func testFinishedItemsAreCountedByOutcome() throws {
        let factory = TestMetrics()
        let counters = WarmCounters(metrics: GatewayMetrics(factory: factory))
        for status in [WarmItemStatus.warmed, .fresh, .fresh, .failed, .running, .pending] { counters.record(status) }
        XCTAssertEqual(try factory.expectCounter("tagpulse_warm_items_total", [("outcome", "warmed")]).totalValue, 1)
        XCTAssertEqual(try factory.expectCounter("tagpulse_warm_items_total", [("outcome", "fresh")]).totalValue, 2)
        XCTAssertEqual(try factory.expectCounter("tagpulse_warm_items_total", [("outcome", "failed")]).totalValue, 1)
        XCTAssertEqual(factory.counters(label: "tagpulse_warm_items_total").count, 3, "unfinished states are not outcomes")
        XCTAssertEqual(counters.fresh.load(ordering: .relaxed), 2)
    }
}
