import CoreMetrics
import HTTPTypes
import Synchronization
import TagPulseWire

/// One route the event loop answers (`GET /v1/hashtags/{tag}/analysis`, or one of the analysis POST routes): its
/// template (the log line's and the metrics' `route`), what it analyses, and its request metrics for the statuses the
/// event loop answers with, made on first use and then read with no lock and no hash (``GatewayMetrics/request(route:method:status:nanoseconds:)``
/// takes both for every answer: 0.5 % of a hit's samples, `perf`, 2026-12-07). The handles are the router's own
/// (``MetricHandles`` makes each once), so both paths count into the same series.
final class HitRoute: Sendable {
    let template: String
    let method: HTTPRequest.Method
    let kind: AnalysisKind
    private let metrics: GatewayMetrics
    /// 200, 304, 429: the answers the event loop gives (any other status takes ``GatewayMetrics``' table). Each holds
    /// its handles' object, retained once, as a pointer's bits (0 until first used): a load of a concrete atomic, where
    /// `AtomicLazyReference` looked its generic metadata up on every hit (0.6 % of a leased hit's samples, `perf`).
    private let ok = Atomic<UInt>(0)
    private let notModified = Atomic<UInt>(0)
    private let tooManyRequests = Atomic<UInt>(0)

    /// A request's count and duration handles.
    final class RequestHandles: Sendable {
        let count: Counter
        let duration: Timer

        init(_ handles: (count: Counter, duration: Timer)) {
            self.count = handles.count
            self.duration = handles.duration
        }
    }

    init(template: String, method: HTTPRequest.Method, kind: AnalysisKind, metrics: GatewayMetrics) {
        self.template = template
        self.method = method
        self.kind = kind
        self.metrics = metrics
    }

    deinit {
        for bits in [
            self.ok.load(ordering: .acquiring), self.notModified.load(ordering: .acquiring), self.tooManyRequests.load(ordering: .acquiring),
        ]
        where bits != 0 {
            Self.object(bits).release()
        }
    }

    /// Counts one answered request with `status` that took `nanoseconds`.
    func recordRequest(status: Int, nanoseconds: Int64) {
        let handles: RequestHandles
        switch status {
        case 200: handles = self.handles(self.ok, status: status)
        case 304: handles = self.handles(self.notModified, status: status)
        case 429: handles = self.handles(self.tooManyRequests, status: status)
        default:
            self.metrics.request(route: self.template, method: self.method.rawValue, status: status, nanoseconds: nanoseconds)
            return
        }
        handles.count.increment()
        handles.duration.recordNanoseconds(nanoseconds)
    }

    private func handles(_ slot: borrowing Atomic<UInt>, status: Int) -> RequestHandles {
        let bits = slot.load(ordering: .acquiring)
        if bits != 0 { return Self.object(bits).takeUnretainedValue() }
        let key = GatewayMetrics.RequestKey(route: self.template, method: self.method.rawValue, status: status)
        let made = Unmanaged.passRetained(RequestHandles(self.metrics.requests[key]))
        let (stored, found) = slot.compareExchange(expected: 0, desired: UInt(bitPattern: made.toOpaque()), ordering: .acquiringAndReleasing)
        guard !stored else { return made.takeUnretainedValue() }
        // Another loop stored first (both hold the same counters: ``MetricHandles`` makes each once).
        made.release()
        return Self.object(found).takeUnretainedValue()
    }

    private static func object(_ bits: UInt) -> Unmanaged<RequestHandles> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)
    }
}
