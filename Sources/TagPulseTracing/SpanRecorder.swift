import Metrics
import Synchronization
import TagPulseWire

/// Where finished spans wait for the exporter: a bounded queue behind one lock. Recording never blocks and never
/// allocates beyond the span itself; when the queue is full the span is dropped and counted
/// (`tagpulse_trace_spans_dropped_total{reason="queue_full"}`). Export off means no recorder at all: every call
/// site holds an optional and pays one nil check.
///
/// Sampling is parent-based, as OpenTelemetry's default sampler: a span is recorded only when its trace is sampled
/// (the `traceparent` flags' low bit). A trace that starts here is sampled with ``sampleRatio``, and the decision
/// travels with it (flags `01` or `00`) to the engine, the upstreams and the client.
public final class SpanRecorder: Sendable {
    public let capacity: Int
    public let sampleRatio: Double
    private let random: @Sendable () -> Double
    private let state: Mutex<State>
    private let droppedFull: Counter
    private let droppedExport: Counter
    private let exported: Counter

    struct State {
        var queue: [FinishedSpan] = []
        var droppedFull = 0
        var droppedExport = 0
        var exported = 0
    }

    public init(
        capacity: Int,
        sampleRatio: Double = 1,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        factory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.capacity = max(1, capacity)
        self.sampleRatio = sampleRatio
        self.random = random
        self.state = Mutex(State())
        self.droppedFull = Counter(label: "tagpulse_trace_spans_dropped_total", dimensions: [("reason", "queue_full")], factory: factory)
        self.droppedExport = Counter(label: "tagpulse_trace_spans_dropped_total", dimensions: [("reason", "export_failed")], factory: factory)
        self.exported = Counter(label: "tagpulse_trace_spans_exported_total", factory: factory)
    }

    /// Whether a trace starting here is sampled.
    public func sampleNewTrace() -> Bool {
        if self.sampleRatio >= 1 { return true }
        if self.sampleRatio <= 0 { return false }
        return self.random() < self.sampleRatio
    }

    /// A new trace for a request that came without a valid `traceparent`, its flags saying whether it is sampled.
    public func startTrace() -> TraceContext {
        var trace = TraceContext.start()
        if !self.sampleNewTrace() { trace.flags = "00" }
        return trace
    }

    /// Queues the span; drops and counts it when the queue is full. Callers record sampled traces only (they check
    /// ``TraceContext/isSampled`` before building the span, so an unsampled request builds nothing).
    public func record(_ span: FinishedSpan) {
        let accepted = self.state.withLock { state in
            guard state.queue.count < self.capacity else {
                state.droppedFull += 1
                return false
            }
            state.queue.append(span)
            return true
        }
        if !accepted { self.droppedFull.increment() }
    }

    /// Up to `limit` spans, oldest first, taken off the queue.
    public func take(upTo limit: Int) -> [FinishedSpan] {
        self.state.withLock { state in
            guard state.queue.count > limit else {
                defer { state.queue.removeAll(keepingCapacity: true) }
                return state.queue
            }
            let batch = Array(state.queue.prefix(limit))
            state.queue.removeFirst(limit)
            return batch
        }
    }

    /// Spans waiting for export.
    public var pending: Int { self.state.withLock { $0.queue.count } }

    /// Spans dropped because the queue was full.
    public var droppedQueueFull: Int { self.state.withLock { $0.droppedFull } }

    /// Spans dropped because the collector refused them or could not be reached, after the retries.
    public var droppedExportFailed: Int { self.state.withLock { $0.droppedExport } }

    /// Spans the collector accepted.
    public var exportedCount: Int { self.state.withLock { $0.exported } }

    func exportSucceeded(_ count: Int) {
        self.state.withLock { $0.exported += count }
        self.exported.increment(by: count)
    }

    func exportFailed(_ count: Int) {
        self.state.withLock { $0.droppedExport += count }
        self.droppedExport.increment(by: count)
    }
}
