import CoreMetrics
import TagPulseCache

/// The gateway's own metrics (swift-metrics; Prometheus names). Label values are route templates, methods, status
/// codes, cache results and stable error codes: never raw paths, keys or hashtags.
public final class GatewayMetrics: Sendable {
    struct RequestKey: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    struct EngineErrorKey: Hashable, Sendable {
        var method: String
        var code: String
    }

    /// How a cacheable request was answered (`tagpulse_cache_lookups_total{result}`).
    public enum CacheResult: String, Sendable, CaseIterable {
        /// A fresh entry.
        case hit
        /// A stale entry (stale-while-revalidate or stale-if-error).
        case stale
        /// This request filled the entry from the engine.
        case miss
        /// Another request's fill (on this instance or another) answered it.
        case coalesced
        /// The cache was not used (`no-store`, a forced refresh, an uncacheable answer).
        case bypass
    }

    let requests: MetricHandles<RequestKey, (count: Counter, duration: Timer)>
    let engineCalls: MetricHandles<String, Timer>
    let engineErrors: MetricHandles<EngineErrorKey, Counter>
    /// By `CacheResult.allCases`' order (an array, not a dictionary: every hit counts one, without hashing).
    let cacheLookups: [Counter]
    /// Requests being handled (router and event-loop paths).
    public let inFlight: Meter
    /// Calls to the engine awaiting their answer.
    public let engineInFlight: Meter
    /// 1 when the last `/readyz` passed.
    public let ready: Gauge
    /// 1 from SIGTERM until exit.
    public let draining: Gauge
    /// Warm-up items by outcome (`warmed`, `fresh`, `failed`).
    let warmItems: MetricHandles<String, Counter>

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.requests = MetricHandles { key in
            let dimensions = [("route", key.route), ("method", key.method), ("status", String(key.status))]
            return (
                Counter(label: "tagpulse_http_requests_total", dimensions: dimensions, factory: factory),
                Timer(label: "tagpulse_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            )
        }
        self.engineCalls = MetricHandles { method in
            Timer(label: "tagpulse_engine_call_duration_seconds", dimensions: [("method", method)], factory: factory)
        }
        self.engineErrors = MetricHandles { key in
            Counter(label: "tagpulse_engine_errors_total", dimensions: [("method", key.method), ("code", key.code)], factory: factory)
        }
        self.cacheLookups = CacheResult.allCases.map {
            Counter(label: "tagpulse_cache_lookups_total", dimensions: [("result", $0.rawValue)], factory: factory)
        }
        self.inFlight = Meter(label: "tagpulse_http_in_flight", factory: factory)
        self.engineInFlight = Meter(label: "tagpulse_engine_in_flight", factory: factory)
        self.ready = Gauge(label: "tagpulse_ready", factory: factory)
        self.draining = Gauge(label: "tagpulse_draining", factory: factory)
        self.warmItems = MetricHandles { outcome in
            Counter(label: "tagpulse_warm_items_total", dimensions: [("outcome", outcome)], factory: factory)
        }
    }

    /// One answered request. `route` is the matched route template (`unmatched` when none matched).
    public func request(route: String, method: String, status: Int, nanoseconds: Int64) {
        let handles = self.requests[RequestKey(route: route, method: method, status: status)]
        handles.count.increment()
        handles.duration.recordNanoseconds(nanoseconds)
    }

    /// One engine call (`analyze.hashtag`, `stats`, …) and, when it failed, its stable error code.
    public func engineCall(method: String, nanoseconds: Int64, errorCode: String?) {
        self.engineCalls[method].recordNanoseconds(nanoseconds)
        if let errorCode { self.engineErrors[EngineErrorKey(method: method, code: errorCode)].increment() }
    }

    public func cacheLookup(_ result: CacheResult) {
        self.cacheLookups[result.index].increment()
    }

    /// Reads the `Cache-Status` a response carries (RFC 9211) as a lookup result.
    public func cacheLookup(_ status: CacheStatus) {
        self.cacheLookup(CacheResult(status))
    }

    public func warmItem(outcome: String) {
        self.warmItems[outcome].increment()
    }
}
