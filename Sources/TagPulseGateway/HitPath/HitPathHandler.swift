import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers cache hits on the channel's event loop (decisions 0001 and 0003) and passes every other request to
/// Hummingbird's router untouched. Sits after `HTTPConnectionStateHandler`, so keep-alive, `Connection: close`, the
/// idle timeout and graceful shutdown see hits like any other request.
///
/// A state machine over one request at a time:
///
/// ```
///            head (candidate)                  end                         answer
///   idle ───────────────────▶ holding ───────────────▶ holding(ended) ─────────────▶ idle (+ backlog)
///     │ head (other, or          │ POST body over its cap                  │ .forward: the held parts
///     │ router still answering)  ▼                                         ▼ go to the router
///     └──────────────────▶ forwarding ◀──────────────────────────────── forwarding (until its end)
/// ```
///
/// Nothing is buffered without a bound: a POST body is held up to ``HitCandidate/post(maximumBodyBytes:)`` (more
/// goes to the router, which enforces `http.max_body_bytes`); a GET's body is read and dropped; once anything queues
/// behind a request that is complete and waiting for its answer, reading stops (back-pressure), so at most one read
/// batch can queue behind it. A client that does not read its responses gets no more: a request that comes while
/// the channel stays unwritable after a flush waits, with reading stopped, until it is writable again. A half-close
/// waits behind the parts held before it. Responses leave in request order: while a
/// request handed to the router has not written its `.end`, later requests go to the router too. A large hot body
/// with a file goes by `sendfile(2)`, as the front sends it (``HitPathHandler+Files.swift``).
final class HitPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    enum State {
        case idle
        /// The current request belongs to the router.
        case forwarding
        /// A candidate: its head, its body so far (POST), whether its end arrived, and the answer once known.
        case holding(head: HTTPRequest, candidate: HitCandidate, body: ByteBuffer?, ended: Bool, answer: HitAnswer?)
        /// A GET sent more body than ``maximumDroppedBodyBytes``: answered 413 and closing; nothing more is read.
        case refused
    }

    private let resolver: any HitResolving
    private(set) var state = State.idle
    /// Requests handed to the router whose response `.end` has not gone out yet.
    private(set) var routerResponsesPending = 0
    /// Parts of later requests (and a half-close) that arrived while one was held complete.
    private var backlog = CircularBuffer<HTTPRequestPart>()
    private var inputClosedPending = false
    /// A request came while the channel stayed unwritable after a flush: it and what follows wait in the backlog,
    /// and nothing is read, until the channel is writable again.
    private var awaitingWritable = false
    private var readPending = false
    private var needsFlush = false
    /// Body bytes of the held GET read and dropped so far.
    private var droppedBodyBytes = 0
    /// The key this connection presented last and who it is, and its last request's cache key.
    private var memo = HitConnectionMemo()
    /// Set while the handler is in the pipeline: where a later answer is written.
    private var context: ChannelHandlerContext?
    /// Inside the resolver's call: an answer given within it waits in `earlyAnswer` until the call has returned (the
    /// call holds the connection's memo).
    private var resolving = false
    private var earlyAnswer: HitAnswer?
    /// The most body a GET may send before it is refused with 413 and its connection closed (a GET's body means
    /// nothing here; reading megabytes of it to drop them would cost every other request on this event loop).
    let maximumDroppedBodyBytes: Int

    /// Shared with the connection's ``HitFrontHandler``: the look-up it did for the request it handed on, if any.
    private let activity: ConnectionActivity?

    init(resolver: any HitResolving, activity: ConnectionActivity? = nil, maximumDroppedBodyBytes: Int = 64 << 10) {
        self.resolver = resolver
        self.activity = activity
        self.maximumDroppedBodyBytes = maximumDroppedBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = self.unwrapInboundIn(data)
        if self.awaitingWritable || !self.mayStart(part, context: context) {
            self.backlog.append(part)
            return
        }
        self.receive(part, context: context)
    }

    /// Whether `part` may be taken now: anything but a new request's head, or that head while the channel is
    /// writable (once flushed). A client that sends requests without reading the responses would otherwise have a
    /// response written, and kept, for each.
    private func mayStart(_ part: HTTPRequestPart, context: ChannelHandlerContext) -> Bool {
        guard case .head = part, case .idle = self.state, !context.isWritableAfterFlush(needsFlush: &self.needsFlush) else { return true }
        self.awaitingWritable = true
        return false
    }

    private func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (self.state, part) {
        case (.refused, _):
            return
        case (.holding(_, _, _, true, _), _):
            self.backlog.append(part)
        case (.holding(let head, let candidate, var body, false, let answer), .body(let chunk)):
            guard case .post(let limit) = candidate else {
                // A GET's body: read and dropped, up to a point.
                self.droppedBodyBytes += chunk.readableBytes
                if self.droppedBodyBytes > self.maximumDroppedBodyBytes { self.refuseGetBody(context: context) }
                return
            }
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= limit else {
                self.state = .forwarding
                self.forward(head, body: body, context: context)
                context.fireChannelRead(self.wrapInboundOut(part))
                return
            }
            if body == nil { body = chunk } else { body!.writeImmutableBuffer(chunk) }
            self.state = .holding(head: head, candidate: candidate, body: body, ended: false, answer: answer)
        case (.holding(let head, let candidate, let body, false, let answer), .end):
            self.state = .holding(head: head, candidate: candidate, body: body, ended: true, answer: answer)
            if let answer {
                self.finish(answer, context: context)
            } else if case .post = candidate {
                self.ask(head, body: body ?? ByteBuffer(), context: context)
            }
        case (.holding, .head):
            // A head inside a request cannot come from the decoder; treat it as the router's problem.
            self.state = .forwarding
            context.fireChannelRead(self.wrapInboundOut(part))
        case (.idle, .head(var head)):
            // Only the hit path sets its internal field: a client's copy never goes further.
            if head.headerFields[HitHandoff.field] != nil { head.headerFields[HitHandoff.field] = nil }
            if let token = self.activity?.handOver {
                // The front charged and looked this request up, then handed it on: the router takes the look-up.
                self.activity?.handOver = nil
                head.headerFields[HitHandoff.field] = token
                self.state = .forwarding
                self.routerResponsesPending += 1
                context.fireChannelRead(self.wrapInboundOut(.head(head)))
                return
            }
            let part = HTTPRequestPart.head(head)
            guard self.routerResponsesPending == 0, let candidate = self.resolver.candidate(HitRequest(head)) else {
                self.state = .forwarding
                self.routerResponsesPending += 1
                context.fireChannelRead(self.wrapInboundOut(part))
                return
            }
            self.state = .holding(head: head, candidate: candidate, body: nil, ended: false, answer: nil)
            self.droppedBodyBytes = 0
            if candidate == .get { self.ask(head, body: nil, context: context) }
        case (.idle, _):
            // Body or end without a head: pass it on, the router reports it.
            context.fireChannelRead(self.wrapInboundOut(part))
        case (.forwarding, _):
            if case .end = part { self.state = .idle }
            context.fireChannelRead(self.wrapInboundOut(part))
        }
    }

    /// Answers the held GET `413 PAYLOAD_TOO_LARGE` (problem+json, `Connection: close`) and closes the connection
    /// once it is written. No response of the router is outstanding (a GET is held only then), so order holds.
    private func refuseGetBody(context: ChannelHandlerContext) {
        self.state = .refused
        self.backlog.removeAll()
        let requestID = RequestTracingMiddleware.randomID()
        let (fields, body) = APIError.payloadTooLarge(limit: self.maximumDroppedBodyBytes).eventLoopProblem(requestID: requestID, closing: true)
        context.write(self.wrapOutboundOut(.head(HTTPResponse(status: .contentTooLarge, headerFields: fields))), promise: nil)
        context.write(self.wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    /// Asks the resolver about the held request; an answer arriving before the request's end waits for it.
    private func ask(_ head: HTTPRequest, body: ByteBuffer?, context: ChannelHandlerContext) {
        self.resolving = true
        let resolution = self.resolver.resolve(HitRequest(head), body: body, memo: &self.memo, later: HitLater(self, on: context.eventLoop))
        self.resolving = false
        switch resolution {
        case .none:
            self.settle(.forward, context: context)
        case .now(let answer):
            self.settle(answer, context: context)
        case .later:
            // Given within the call: settled now that it has returned; else ``answered(_:)`` settles it.
            if let early = self.earlyAnswer {
                self.earlyAnswer = nil
                self.settle(early, context: context)
            }
        }
    }

    private func settle(_ answer: HitAnswer, context: ChannelHandlerContext) {
        guard case .holding(let head, let candidate, let body, let ended, nil) = self.state else { return }
        self.state = .holding(head: head, candidate: candidate, body: body, ended: ended, answer: answer)
        if ended { self.finish(answer, context: context) }
    }

    /// The held request is complete and answered: respond or hand it over, then work through the backlog.
    private func finish(_ answer: HitAnswer, context: ChannelHandlerContext) {
        guard case .holding(let head, let candidate, let body, _, _) = self.state else { return }
        self.state = .idle
        switch answer {
        case .respond(let response, let responseBody):
            context.write(self.wrapOutboundOut(.head(response)), promise: nil)
            if let responseBody { context.write(self.wrapOutboundOut(.body(responseBody)), promise: nil) }
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.needsFlush = true
        case .respondPrepared(let prepared):
            guard let (body, codec) = self.body(of: prepared, context: context) else {
                // Its file could not be read back (only a broken system's would): nothing truthful to send.
                context.close(promise: nil)
                return
            }
            context.write(self.wrapOutboundOut(.head(prepared.response)), promise: nil)
            self.write(body, codec: codec, context: context)
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.needsFlush = true
        case .forward, .handOver:
            var head = head
            if case .handOver(let token) = answer { head.headerFields[HitHandoff.field] = token }
            // A GET's body was dropped; the router ignores GET bodies.
            self.forward(head, body: candidate == .get ? nil : body, context: context)
            context.fireChannelRead(self.wrapInboundOut(.end(nil)))
        }
        self.workThroughBacklog(context: context)
    }

    /// Takes the queued parts in order until a request is held complete again or the channel stays unwritable;
    /// then a half-close that waited goes on, and reading resumes.
    private func workThroughBacklog(context: ChannelHandlerContext) {
        while !self.isHoldingComplete, let next = self.backlog.first, self.mayStart(next, context: context) {
            self.backlog.removeFirst()
            self.receive(next, context: context)
        }
        if !self.isHoldingComplete, !self.awaitingWritable {
            if self.inputClosedPending {
                self.inputClosedPending = false
                context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            }
            if self.readPending {
                self.readPending = false
                context.read()
            }
        }
    }

    /// Hands the held head (and body) to the router; the rest of the request follows as it arrives.
    private func forward(_ head: HTTPRequest, body: ByteBuffer?, context: ChannelHandlerContext) {
        self.routerResponsesPending += 1
        context.fireChannelRead(self.wrapInboundOut(.head(head)))
        if let body, body.readableBytes > 0 { context.fireChannelRead(self.wrapInboundOut(.body(body))) }
    }

    /// A request held complete, waiting for its answer: later parts queue (and once they do, reading stops).
    private var isHoldingComplete: Bool {
        if case .holding(_, _, _, true, _) = self.state { return true }
        return false
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flushIfNeeded(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if self.isHoldingComplete || !self.backlog.isEmpty {
            // The client sent its last byte; the requests before it are answered first.
            self.inputClosedPending = true
            return
        }
        if case .holding(let head, let candidate, let body, false, _) = self.state {
            // Closed inside a request: it can never end, so the router gets what came and reports it.
            self.state = .forwarding
            self.forward(head, body: candidate == .get ? nil : body, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    // Back-pressure: no read while parts wait behind a complete request. Reading goes on while the request waits
    // alone: a client that sends one request at a time never toggles the socket's read interest (two `epoll_ctl`
    // calls per hit otherwise), and at most one read batch can queue before reading stops.
    func read(context: ChannelHandlerContext) {
        if case .refused = self.state { return }
        if self.awaitingWritable || (self.isHoldingComplete && (!self.backlog.isEmpty || self.inputClosedPending)) {
            self.readPending = true
            return
        }
        self.readPending = false
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.fireChannelWritabilityChanged()
        guard self.awaitingWritable, context.channel.isWritable else { return }
        self.awaitingWritable = false
        self.workThroughBacklog(context: context)
        // Outside a read batch: flush what was answered, and tell the router's reader of what it was given.
        self.flushIfNeeded(context: context)
    }

    // Router responses pass on their way out: count them, to keep responses in request order.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = self.unwrapOutboundIn(data), self.routerResponsesPending > 0 {
            self.routerResponsesPending -= 1
        }
        context.write(data, promise: promise)
    }
}

extension HitPathHandler: HitAnswerReceiver {
    /// The held request's answer, come from Redis (one given while ``ask`` is still asking is kept for it).
    func answered(_ answer: HitAnswer) {
        if self.resolving {
            self.earlyAnswer = answer
            return
        }
        guard let context = self.context else { return }
        self.settle(answer, context: context)
        // Outside a read batch (the answer came from Redis): flush, and tell the router's reader.
        self.flushIfNeeded(context: context)
    }
}
