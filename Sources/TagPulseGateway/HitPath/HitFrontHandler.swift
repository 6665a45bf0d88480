import HTTPTypes
import NIOCore

/// Answers cache hits from the connection's raw bytes, ahead of the HTTP/1 codecs (decision 0006): a hit costs one
/// strict scan of its bytes (``HTTP1RequestScanner``), the ``HitResolving`` core every other hit path uses, and one
/// pre-formatted write, instead of llhttp, two request conversions, six handlers each way and the response encoder.
///
/// ```
///             complete plain request           answer .respond
///   front ───────────────────────▶ waiting ────────────────────▶ front (next buffered request)
///     │ ▲ │ complete plain request   │ .forward / .handOver (token in ConnectionActivity),
///     │ │ │ not a hit candidate      │ or nothing to resolve
///     │ │ └─────────▶ lent ◀─────────┘
///     │ │  (that request alone goes to the general pipeline; what follows waits here until its response ends)
///     │ │                              ▲ its head is whole, its body is not: a POST over the cap or not a hit
///     │ └─ the rest came in time       │ candidate at once, one within the cap after `splitWait`
///     │ incomplete ──────────▶ holding ┘
///     │ declined, draining, a head incomplete after `splitWait`, an event while lent
///     ▼
///   passthrough: these bytes and every later byte go to the general pipeline (with its `HitPathHandler`)
/// ```
///
/// It never consumes a byte it does not answer. A request the scanner frames but the front does not answer (a miss,
/// a route that is not a hit, an unknown key) is *lent*: exactly its bytes go to the general pipeline (a lent body
/// still on its way streams through as it comes), which then holds no partial request, and the connection comes
/// back to the front when that request's response has ended and its last byte has gone through
/// (``ConnectionActivity/whenIdle``). A request split across reads (clients often write a POST's body apart from its
/// head) is *held* until its rest arrives, for at most `splitWait`, a few reads and a plain head's bytes plus the
/// POST cap; then it is lent if its head is whole, else handed on. A request it cannot frame the way every HTTP/1
/// parser does is handed on from its first byte, and from then on the connection belongs to the general pipeline
/// (which answers hits too, the slower way). One request at a time: bytes behind a waiting or lent request stay
/// buffered, and reading stops once any do (at most one read batch is held). A client that does not read its
/// responses gets no more of them: once the channel stays unwritable after a flush, the front answers nothing and
/// reads nothing until it is writable again (``HitFrontHandler+Writability.swift``). A half-close or a
/// graceful-shutdown event waits behind the front's request in progress, ends a hold, and hands a lent connection on
/// for good. Its requests count in the connection's ``ConnectionActivity`` (the idle timeout), like the general
/// pipeline's.
final class HitFrontHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    enum Mode: Equatable {
        case front
        /// One request is with the general pipeline; the connection comes back when its response has ended.
        case lent
        case passthrough
    }

    /// How long a request split across reads is held for its rest before the general pipeline gets it
    /// (`http.split_request_wait_ms`).
    static let defaultSplitWait = TimeAmount.milliseconds(10)
    /// Most reads a split request is held for.
    static let maximumHeldReads = 8

    private let resolver: any HitResolving
    let scanner: HTTP1RequestScanner
    let activity: ConnectionActivity
    private let drain: DrainState?
    let splitWait: TimeAmount
    // Set by this file and `HitFrontHandler+Lending.swift` only (the state below too).
    var mode = Mode.front
    /// Lent: bytes of the lent request still to come, passed on as they arrive.
    var lentRemaining = 0
    /// Lent: its response ended before its last byte arrived; the connection comes back once it has.
    var lentAnswered = false
    /// Reads since an incomplete request started to be held (nil: none is).
    var heldReads: Int?
    var holdTimer: LazyTimer?
    /// Bytes read and not yet taken by a request.
    var buffered: ByteBuffer?
    /// The bytes of the request whose answer is awaited (nil: none is).
    var waiting: ByteBuffer?
    /// The key this connection presented last and who it is, and its last request's cache key.
    private var memo = HitConnectionMemo()
    /// Events (half-close, graceful shutdown) that arrived while a request was waiting.
    private var heldEvents: [Any] = []
    private var quiescing = false
    private var readPending = false
    /// Inside the resolver's call: an answer given within it waits in `earlyAnswer` until the call has returned (the
    /// call holds the connection's memo). Set by this file and `HitFrontHandler+Answers.swift` only.
    var resolving = false
    var earlyAnswer: HitAnswer?
    /// Set while the handler is in the pipeline: where a later answer is written.
    var context: ChannelHandlerContext?
    var needsFlush = false
    var needsReadComplete = false
    /// The channel stayed unwritable after a flush with a request to answer: nothing is answered or read until it
    /// is writable again.
    var awaitingWritable = false
    /// The writability the general pipeline last heard of (the front keeps its own writes' flips from it).
    var forwardedWritable = true

    init(
        resolver: any HitResolving,
        scanner: HTTP1RequestScanner,
        activity: ConnectionActivity,
        drain: DrainState?,
        splitWait: TimeAmount = HitFrontHandler.defaultSplitWait
    ) {
        self.resolver = resolver
        self.scanner = scanner
        self.activity = activity
        self.drain = drain
        self.splitWait = splitWait
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.mode != .passthrough else {
            context.fireChannelRead(data)
            return
        }
        var bytes = self.unwrapInboundIn(data)
        if self.mode == .lent, self.lentRemaining > 0 { self.passOnLent(&bytes, context: context) }
        if bytes.readableBytes > 0 {
            if self.heldReads != nil { self.heldReads! += 1 }
            if self.buffered == nil {
                self.buffered = bytes
            } else {
                self.buffered!.writeBuffer(&bytes)
            }
        }
        if self.mode == .lent, self.lentRemaining == 0, self.lentAnswered {
            // Answered before its last byte came: the connection comes back now, with what followed it.
            self.takeBack(context: context)
        } else if self.mode == .front, self.waiting == nil {
            self.process(context: context)
        }
    }

    /// Answers the buffered requests one by one until one must wait, or hands the rest on.
    func process(context: ChannelHandlerContext) {
        scanning: while self.mode == .front, self.waiting == nil, !self.quiescing, var bytes = self.buffered, bytes.readableBytes > 0 {
            guard self.drain?.isDraining != true else {
                self.handOff(context: context)
                break
            }
            guard self.writableAfterFlush(context: context) else { break }
            let request: HTTP1RequestScanner.Request
            switch self.scanner.scan(bytes, remembering: &self.memo.lastHead) {
            case .request(let whole):
                request = whole
            case .declined:
                self.handOff(context: context)
                break scanning
            case .incomplete:
                if bytes.readableBytes > self.scanner.maximumHeadBytes {
                    self.handOff(context: context)
                } else {
                    self.hold(context: context)
                }
                break scanning
            case .incompleteBody(let hit, let bodyLength, let length):
                if let candidate = self.candidate(hit), Self.fits(hit.method, bodyLength: bodyLength, candidate) {
                    self.hold(context: context)
                } else {
                    self.lendPartial(length: length, context: context)
                }
                break scanning
            }
            self.stopHolding()
            let raw = bytes.readSlice(length: request.length)!
            self.buffered = bytes.readableBytes > 0 ? bytes : nil
            guard let candidate = self.candidate(request.hit),
                Self.fits(request.hit.method, bodyLength: request.body?.readableBytes, candidate)
            else {
                self.lend(raw, context: context)
                break
            }
            self.activity.requestStarted()
            self.resolving = true
            let resolution = self.resolver.resolve(request.hit, body: request.body, memo: &self.memo, later: HitLater(self, on: context.eventLoop))
            self.resolving = false
            switch resolution {
            case .none:
                self.deliver(.forward, raw: raw, context: context)
            case .now(let answer):
                self.deliver(answer, raw: raw, context: context)
            case .later:
                if let early = self.earlyAnswer {
                    // Given within the call: delivered now that it has returned, and the loop goes on.
                    self.earlyAnswer = nil
                    self.deliver(early, raw: raw, context: context)
                } else {
                    // ``answered(_:)`` delivers it and goes on with what is buffered.
                    self.waiting = raw
                }
            }
        }
        self.afterProcessing(context: context)
    }

    /// Whether `hit`, the request just scanned, is a candidate: asked once per kept head (``ScannedHead``; after a scan
    /// the connection's kept head is that request's, or none), so a repeated request is not asked again.
    private func candidate(_ hit: HitRequest) -> HitCandidate? {
        if let known = self.memo.lastHead?.candidate { return known }
        let candidate = self.resolver.candidate(hit)
        self.memo.lastHead?.candidate = .some(candidate)
        return candidate
    }

    /// A request of the candidate's kind: a GET without a body, a POST within its cap.
    private static func fits(_ method: HTTPRequest.Method, bodyLength: Int?, _ candidate: HitCandidate) -> Bool {
        switch (candidate, method) {
        case (.get, .get):
            return bodyLength == nil
        case (.post(let limit), .post):
            return (bodyLength ?? 0) <= limit
        default:
            return false
        }
    }

    /// With no request waiting, the held events go on (behind any bytes handed on); a held read is issued once
    /// nothing waits behind a request.
    private func afterProcessing(context: ChannelHandlerContext) {
        defer {
            if self.readPending, !self.holdsReads {
                self.readPending = false
                context.read()
            }
        }
        guard self.waiting == nil else { return }
        if !self.heldEvents.isEmpty {
            if self.mode == .front, self.buffered != nil, !self.quiescing {
                // A half-close after an incomplete request: the general pipeline gets what came, and reports it.
                self.handOff(context: context)
            }
            let events = self.heldEvents
            self.heldEvents = []
            for event in events { context.fireUserInboundEventTriggered(event) }
        }
    }

    /// Bytes or events wait behind a request in progress: no more reads until it is answered.
    private var holdsReads: Bool {
        switch self.mode {
        case .front: self.awaitingWritable || (self.waiting != nil && (self.buffered != nil || !self.heldEvents.isEmpty))
        case .lent: self.buffered != nil
        case .passthrough: false
        }
    }

    func flushAndComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        if self.needsReadComplete {
            self.needsReadComplete = false
            context.fireChannelReadComplete()
        }
    }

    // The general pipeline hears of a read batch only when it was given bytes: a hit does not travel through it.
    func channelReadComplete(context: ChannelHandlerContext) {
        if self.mode == .passthrough { self.needsReadComplete = true }
        self.flushAndComplete(context: context)
        // While the connection is the front's, the front asks for the next read itself: the channel asks (`autoRead`)
        // only when no read is pending yet, and its request starts at the pipeline's tail and walks down every handler of
        // the general pipeline, which holds no request then and has no say (0.5 µs of a hit, `perf`, 2026-12-07).
        if self.mode == .front { self.read(context: context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A held request goes to the pipeline first (lent if its head is whole, and then handed on with the rest).
        self.release(context: context)
        if self.mode == .lent {
            // The pipeline holds no partial request: it gets what waited here, then the event, and keeps the connection.
            self.handOff(context: context)
        }
        guard self.mode == .front else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if event is ChannelShouldQuiesceEvent { self.quiescing = true }
        if self.waiting != nil {
            self.heldEvents.append(event)
            return
        }
        if case ChannelEvent.inputClosed = event, self.buffered != nil {
            // Closed after an incomplete request: the general pipeline gets what came, and reports it.
            self.handOff(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.holdTimer?.cancel()
        context.fireChannelInactive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.holdTimer?.cancel()
        self.context = nil
    }

    // Back-pressure: no read while bytes wait behind a request in progress.
    func read(context: ChannelHandlerContext) {
        if self.holdsReads {
            self.readPending = true
            return
        }
        self.readPending = false
        context.read()
    }
}

@available(*, unavailable)
extension HitFrontHandler: Sendable {}
