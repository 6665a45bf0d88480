import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `GET /body` (the stand-in for a cache hit) directly on the channel's event loop and passes every
/// other request through to the Hummingbird router untouched. The request never becomes a Swift task.
///
/// It sees `HTTPRequestPart`s (after `HTTP1ToHTTPServerCodec`) and writes `HTTPResponsePart`s.
///
/// Invariants that keep HTTP/1.1 correct next to Hummingbird's own request loop:
/// * responses leave in request order: while a request forwarded to the router has not written its `.end`,
///   further requests (even hits) are forwarded too, so the router answers them in order;
/// * while a hit is being answered asynchronously (`hitDelay`, standing in for the Redis round trip), later
///   request parts are buffered and replayed once the hit's response is written;
/// * `Connection: close` on a hit closes the connection after the response, as Hummingbird does.
final class CacheHitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Inbound {
        case idle
        case readingHit(close: Bool)  // hit head seen, body parts are dropped until `.end`
        case forwarding  // current request belongs to the router
    }

    private let body: ByteBuffer
    private let responseHead: HTTPResponse
    private let hitDelay: TimeAmount?
    private var inbound: Inbound = .idle
    private var routerResponsesPending = 0  // forwarded requests whose response `.end` has not passed by yet
    private var hitPending = false  // an asynchronous hit response is outstanding
    private var buffered: CircularBuffer<HTTPRequestPart> = []
    private var needsFlush = false

    init(body: ByteBuffer, hitDelay: TimeAmount?) {
        self.body = body
        self.hitDelay = hitDelay
        self.responseHead = HTTPResponse(
            status: .ok,
            headerFields: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"]
        )
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = self.unwrapInboundIn(data)
        if self.hitPending {
            self.buffered.append(part)
        } else {
            self.process(part, context: context)
        }
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (self.inbound, part) {
        case (.idle, .head(let request)):
            if self.routerResponsesPending == 0, request.method == .get, request.path == "/body" {
                self.inbound = .readingHit(close: request.headerFields[.connection] == "close")
            } else {
                self.inbound = .forwarding
                self.routerResponsesPending += 1
                context.fireChannelRead(self.wrapInboundOut(part))
            }
        case (.readingHit, .body):
            break
        case (.readingHit(let close), .end):
            self.inbound = .idle
            self.answerHit(close: close, context: context)
        case (.forwarding, .end):
            self.inbound = .idle
            context.fireChannelRead(self.wrapInboundOut(part))
        default:
            // `.forwarding` body parts, and anything unexpected: let Hummingbird see it (it reports protocol errors).
            context.fireChannelRead(self.wrapInboundOut(part))
        }
    }

    private func answerHit(close: Bool, context: ChannelHandlerContext) {
        guard let hitDelay else {
            self.writeHit(close: close, context: context)
            return
        }
        // Stand-in for the Redis round trip: the answer arrives later, on this same event loop.
        self.hitPending = true
        context.eventLoop.assumeIsolated().scheduleTask(in: hitDelay) {
            self.writeHit(close: close, context: context)
            context.flush()
            self.needsFlush = false
            self.hitPending = false
            var replayed = false
            while !self.hitPending, let next = self.buffered.popFirst() {
                self.process(next, context: context)
                replayed = true
            }
            // NIOAsyncChannel hands reads to Hummingbird's request loop on channelReadComplete: parts forwarded
            // outside a read batch must be followed by one, or the router never sees them.
            if replayed {
                self.channelReadComplete(context: context)
            }
        }
    }

    private func writeHit(close: Bool, context: ChannelHandlerContext) {
        var head = self.responseHead
        if close { head.headerFields[.connection] = "close" }
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(self.body)), promise: nil)
        if close {
            context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.write(self.wrapOutboundOut(.end(nil)), promise: nil)
            self.needsFlush = true
        }
    }

    // One flush per read batch.
    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    // Router responses pass through here on their way out: count them to keep responses in order.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = self.unwrapOutboundIn(data) {
            self.routerResponsesPending -= 1
        }
        context.write(data, promise: promise)
    }
}
