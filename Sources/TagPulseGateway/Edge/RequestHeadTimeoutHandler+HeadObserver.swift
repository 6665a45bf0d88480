import NIOCore
import NIOHTTP1

extension RequestHeadTimeoutHandler {
    /// Tells its ``RequestHeadTimeoutHandler`` when a request head and a request end have been decoded. It goes right
    /// after the HTTP decoder; both handlers live on the connection's event loop, so a plain reference is safe.
    final class HeadObserver: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart

        let timeoutHandler: RequestHeadTimeoutHandler

        init(_ timeoutHandler: RequestHeadTimeoutHandler) {
            self.timeoutHandler = timeoutHandler
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head: self.timeoutHandler.headReceived()
            case .body: break
            case .end: self.timeoutHandler.requestEnded()
            }
            context.fireChannelRead(data)
        }
    }
}

@available(*, unavailable)
extension RequestHeadTimeoutHandler.HeadObserver: Sendable {}
