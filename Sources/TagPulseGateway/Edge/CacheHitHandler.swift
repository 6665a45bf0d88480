import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers cache hits on the channel's event loop (decision 0001) and passes every other request to Hummingbird's
/// router untouched. Sits after `HTTPConnectionStateHandler`, so keep-alive, `Connection: close`, the idle timeout and
/// graceful shutdown see hits like any other request.
///
/// For each request head it asks the ``CacheHitResolving``; while the answer is pending, the request's parts are
/// held, and so are the parts of requests pipelined behind it. Then either the response is written here, or the
/// held parts go to the router as they came. Responses leave in request order: while a request handed to the router
/// has not written its `.end`, later requests go to the router too.
final class CacheHitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case idle
        /// The current request belongs to the router.
        case forwarding
        /// Waiting for the resolver; `parts` is the current request so far, `answer` set once known.
        case resolving(parts: [HTTPRequestPart], ended: Bool, answer: CacheHitAnswer?)
    }

    private let resolver: any CacheHitResolving
    private var state = State.idle
    /// Requests handed to the router whose response `.end` has not gone out yet.
    private var routerResponsesPending = 0
    /// Parts of later requests that arrived while one was resolving.
    private var backlog = CircularBuffer<HTTPRequestPart>()
    private var needsFlush = false

    init(resolver: any CacheHitResolving) {
        self.resolver = resolver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.receive(self.unwrapInboundIn(data), context: context)
    }

    private func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch self.state {
        case .resolving(var parts, let ended, let answer):
            guard !ended else {
                self.backlog.append(part)
                return
            }
            parts.append(part)
            let nowEnded: Bool
            if case .end = part { nowEnded = true } else { nowEnded = false }
            self.state = .resolving(parts: parts, ended: nowEnded, answer: answer)
            if nowEnded, let answer { self.finish(answer, context: context) }
        case .idle:
            guard case .head(let head) = part, self.routerResponsesPending == 0,
                let future = self.resolver.resolve(head, on: context.eventLoop)
            else {
                if case .head = part {
                    self.state = .forwarding
                    self.routerResponsesPending += 1
                }
                context.fireChannelRead(self.wrapInboundOut(part))
                return
            }
            self.state = .resolving(parts: [part], ended: false, answer: nil)
            future.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
                let answer = (try? result.get()) ?? .forward
                guard case .resolving(let parts, let ended, _) = self.state else { return }
                self.state = .resolving(parts: parts, ended: ended, answer: answer)
                if ended { self.finish(answer, context: context) }
            }
        case .forwarding:
            if case .end = part { self.state = .idle }
            context.fireChannelRead(self.wrapInboundOut(part))
        }
    }

    /// The current request is complete and answered: respond or hand it over, then work through the backlog.
    private func finish(_ answer: CacheHitAnswer, context: ChannelHandlerContext) {
        guard case .resolving(let parts, _, _) = self.state else { return }
        self.state = .idle
        var forwarded = false
        switch answer {
        case .respond(let response, let body):
            context.write(self.wrapOutboundOut(.head(response)), promise: nil)
            if let body { context.write(self.wrapOutboundOut(.body(body)), promise: nil) }
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.needsFlush = true
        case .forward:
            self.routerResponsesPending += 1
            for part in parts { context.fireChannelRead(self.wrapInboundOut(part)) }
            forwarded = true
        }
        while !self.isResolving, let next = self.backlog.popFirst() {
            if case .resolving = self.state {
                self.backlog.prepend(next)
                break
            }
            self.receive(next, context: context)
            forwarded = true
        }
        // Outside a read batch (the answer came from Redis): flush our writes, and tell the router's reader that
        // parts arrived (NIOAsyncChannel delivers reads on channelReadComplete).
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        if forwarded { context.fireChannelReadComplete() }
    }

    private var isResolving: Bool {
        if case .resolving = self.state { return true }
        return false
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    // Router responses pass on their way out: count them, to keep responses in request order.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = self.unwrapOutboundIn(data), self.routerResponsesPending > 0 {
            self.routerResponsesPending -= 1
        }
        context.write(data, promise: promise)
    }
}
