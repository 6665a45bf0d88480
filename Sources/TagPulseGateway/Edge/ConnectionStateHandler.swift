import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Keep-alive bookkeeping for the general pipeline, in the place and with the behaviour of Hummingbird's
/// `HTTPConnectionStateHandler`, but counting its requests in the connection's ``ConnectionActivity``, which
/// ``HitFrontHandler`` shares: the idle timeout then runs only while neither has a request in progress (decision
/// 0006), and a graceful shutdown closes the connection once the last response is written.
///
/// - A request head starts a request, its response's `.end` finishes it.
/// - `ChannelShouldQuiesceEvent` closes the connection at once when nothing is in progress, else after the response
///   that ends the last one (the front holds the event back while its own request is in progress).
/// - The idle timeout closes the connection when it expires with nothing in progress.
final class ConnectionStateHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let activity: ConnectionActivity
    /// This pipeline's requests whose response has not ended.
    private var requestsInProgress = 0
    private var closeAfterResponse = false

    init(activity: ConnectionActivity) {
        self.activity = activity
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.activity.stop()
    }

    private func start(context: ChannelHandlerContext) {
        self.activity.start(on: context.eventLoop) { context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head:
            self.requestsInProgress += 1
            self.activity.requestStarted()
        case .body:
            self.activity.touched()
        case .end:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = self.unwrapOutboundIn(data)
        if case .head(let head) = part, head.status.kind != .informational, head.headerFields[.connection]?.lowercased() == "close" {
            // This response ends the connection (`DrainCloseHandler` closes it once written): the front must not answer
            // anything after it.
            self.activity.closing = true
        }
        guard case .end = part, self.requestsInProgress > 0 else {
            context.write(data, promise: promise)
            return
        }
        self.requestsInProgress -= 1
        self.activity.requestFinished()
        if self.requestsInProgress == 0, self.closeAfterResponse {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        } else {
            context.write(data, promise: promise)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if self.requestsInProgress > 0 {
            self.closeAfterResponse = true
        } else {
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionStateHandler: Sendable {}
