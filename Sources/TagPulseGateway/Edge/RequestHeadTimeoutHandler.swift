import Logging
import NIOCore

/// Closes a connection whose request head does not arrive in time (slow-header / "slowloris" clients holding
/// connections open by trickling bytes).
///
/// It sits first in the pipeline, before the HTTP decoder, sees raw bytes and passes them on unchanged. The first
/// bytes of a request start a timer of `timeout`; when the decoder has produced that request's head,
/// ``HeadObserver`` (placed after the decoder, on the same event loop) stops it. After the request's `.end` the next
/// bytes start a new timer. The wait between requests on a keep-alive connection stays with Hummingbird's idle
/// timeout. On expiry the connection is closed without a response (as nginx does for `client_header_timeout`): a
/// half-sent head has no request to answer, and a pipelined response may still be on its way.
///
/// One gap remains by design: bytes of a pipelined next request that arrive in the same read as the previous
/// request's end do not start a timer (the decoder does not say where a request begins). Such a connection is closed
/// by the idle timeout if nothing else arrives, and by this timer as soon as one more byte does.
final class RequestHeadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum State: Equatable {
        /// Between requests: the idle timeout governs.
        case awaitingRequest
        /// Bytes of a request have arrived; its head is due before the timer fires.
        case readingHead
        /// The head is in; the body and the response take as long as they take.
        case readingBody
    }

    let timeout: TimeAmount
    let logger: Logger
    private(set) var state: State = .awaitingRequest
    /// Armed for every request without a task each time (it runs for every hit).
    private var timer: LazyTimer?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if self.state == .awaitingRequest, self.unwrapInboundIn(data).readableBytes > 0 {
            self.state = .readingHead
            self.startTimer(context: context)
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.releaseTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.releaseTimer()
    }

    /// The decoder produced a request head: the timer stops.
    func headReceived() {
        self.cancelTimer()
        self.state = .readingBody
    }

    /// The request's `.end` went by: the next bytes belong to a new request.
    func requestEnded() {
        if self.state == .readingBody { self.state = .awaitingRequest }
    }

    private func startTimer(context: ChannelHandlerContext) {
        if self.timer == nil {
            self.timer = LazyTimer(eventLoop: context.eventLoop) {
                guard self.state == .readingHead else { return }
                self.logger.debug("gateway.http.request_head_timeout", metadata: ["timeout_ms": "\(self.timeout.nanoseconds / 1_000_000)"])
                context.close(promise: nil)
            }
        }
        self.timer?.arm(in: self.timeout)
    }

    private func cancelTimer() {
        self.timer?.disarm()
    }

    private func releaseTimer() {
        self.timer?.cancel()
        self.timer = nil
    }
}

@available(*, unavailable)
extension RequestHeadTimeoutHandler: Sendable {}
