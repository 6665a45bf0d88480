import TagPulseWire

/// A hit's span (W3C Trace Context): a child of the request's valid `traceparent`, else a new trace. A new trace with
/// span export off is kept as its three random words (``TraceIDRandom``, as ``TraceContext/start()`` draws them) and
/// spelled where it is written (``HTTP1HeadWriter/writeTraceparent(_:)``): a hit whose ids no log line or span asks
/// for makes no `String` of them. Everything else is the ``TraceContext`` itself.
struct HitTrace: Sendable {
    private enum Value {
        case context(TraceContext)
        /// A new, sampled trace: trace id (two words) and span id.
        case started(high: UInt64, low: UInt64, span: UInt64)
    }

    private let value: Value

    init(_ context: TraceContext) {
        self.value = .context(context)
    }

    /// A new sampled trace, drawn from `generator` as ``TraceContext/start(using:)`` draws one.
    init(startingWith generator: inout some RandomNumberGenerator) {
        let high = generator.next() as UInt64
        var low = generator.next() as UInt64
        var span = generator.next() as UInt64
        // All-zero ids are invalid (``TraceContext`` spells a zero one ending in 1: the same).
        if high == 0, low == 0 { low = 1 }
        if span == 0 { span = 1 }
        self.value = .started(high: high, low: low, span: span)
    }

    /// A new sampled trace.
    static func start() -> HitTrace {
        var generator = TraceIDRandom()
        return HitTrace(startingWith: &generator)
    }

    /// The span as a ``TraceContext`` (made of the words for a new trace).
    var context: TraceContext {
        switch self.value {
        case .context(let context):
            return context
        case .started(let high, let low, let span):
            return TraceContext(traceID: HexDigits.string(high, low), spanID: HexDigits.string(span), flags: "01")
        }
    }

    var isSampled: Bool {
        switch self.value {
        case .context(let context): context.isSampled
        case .started: true
        }
    }

    /// The vendors' `tracestate` to send back (a new trace has none).
    var state: String? {
        switch self.value {
        case .context(let context): context.state
        case .started: nil
        }
    }

    /// Calls `context` with the ``TraceContext``, or `started` with a new trace's words (its flags are `01`).
    func spell(context: (TraceContext) -> Void, started: (_ high: UInt64, _ low: UInt64, _ span: UInt64) -> Void) {
        switch self.value {
        case .context(let trace): context(trace)
        case .started(let high, let low, let span): started(high, low, span)
        }
    }
}
