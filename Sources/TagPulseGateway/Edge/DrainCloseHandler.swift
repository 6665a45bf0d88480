import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// While the instance drains, every response says `Connection: close` and its connection is closed once the
/// response is written, so keep-alive clients and load balancers reconnect elsewhere instead of finding the
/// connection gone under their next request. A response that says `Connection: close` itself closes its connection
/// the same way. Sits after `HTTPConnectionStateHandler`, so responses of the router and of the event-loop hit path both pass
/// through it.
final class DrainCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let state: DrainState
    private var closeAfterEnd = false

    init(state: DrainState) {
        self.state = state
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .head(var head) where head.status.kind != .informational && self.state.isDraining:
            head.headerFields[.connection] = "close"
            self.closeAfterEnd = true
            context.write(self.wrapOutboundOut(.head(head)), promise: promise)
        case .head(let head) where head.status.kind != .informational && head.headerFields[.connection] == "close":
            self.closeAfterEnd = true
            context.write(data, promise: promise)
        case .end where self.closeAfterEnd:
            self.closeAfterEnd = false
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(data, promise: written)
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        default:
            context.write(data, promise: promise)
        }
    }
}
