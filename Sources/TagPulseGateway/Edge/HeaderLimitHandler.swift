import HTTPTypes
import NIOCore
import NIOHTTP1

/// Refuses request heads with more than `maxCount` header fields, or whose fields take more than `maxBytes` in total
/// (each field counted as `name: value` plus CRLF, i.e. name + value + 4 bytes), with `431 Request Header Fields Too
/// Large` (problem+json, `HEADERS_TOO_LARGE`, `Connection: close`), then closes the connection. NIO's decoder has
/// its own, larger caps (80 KiB); past those the request is a parse error (400).
///
/// A request NIO's parser refuses (a header name with a space, `Content-Length` with `Transfer-Encoding`, an unknown
/// HTTP version…) is refused the same way, as 400 `BAD_REQUEST` problem+json, instead of Hummingbird's bare 400.
///
/// It sits right after the HTTP decoder, before Hummingbird sees anything: a refused request reaches neither the
/// router nor the connection-state handler. Responses of earlier (pipelined) requests still on their way are
/// let through first, so the 431 never interleaves with them; everything the client sends after the refused head is
/// dropped.
final class HeaderLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case forwarding
        /// A head was refused; the refusal goes out once earlier responses are done.
        case refusing(requestID: String, version: HTTPVersion, malformed: Bool)
        case refused
    }

    let maxCount: Int
    let maxBytes: Int
    let generateRequestID: () -> String
    private var state: State = .forwarding
    /// Requests passed on whose response has not ended yet.
    private var responsesPending = 0

    init(maxCount: Int, maxBytes: Int, generateRequestID: @escaping () -> String = RequestTracingMiddleware.randomID) {
        self.maxCount = maxCount
        self.maxBytes = maxBytes
        self.generateRequestID = generateRequestID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .forwarding = self.state else { return }
        if case .head(let head) = self.unwrapInboundIn(data) {
            if self.exceedsLimits(head.headers) {
                let clientID = head.headers.first(name: "X-Request-ID").flatMap { RequestTracingMiddleware.isWellFormed($0) ? $0 : nil }
                self.state = .refusing(requestID: clientID ?? self.generateRequestID(), version: head.version, malformed: false)
                if self.responsesPending == 0 { self.writeRefusal(context: context) }
                return
            }
            self.responsesPending += 1
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else { return context.fireErrorCaught(error) }
        // The parser stops at its first error; what follows on this connection is not read. A connection already
        // closed (a head cut off by the head timeout or the peer) gets no answer.
        guard case .forwarding = self.state, context.channel.isActive else { return }
        self.state = .refusing(requestID: self.generateRequestID(), version: .http1_1, malformed: true)
        if self.responsesPending == 0 { self.writeRefusal(context: context) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = self.unwrapOutboundIn(data) else { return }
        self.responsesPending -= 1
        if self.responsesPending == 0, case .refusing = self.state {
            self.writeRefusal(context: context)
        }
    }

    func exceedsLimits(_ headers: HTTPHeaders) -> Bool {
        guard headers.count <= self.maxCount else { return true }
        var total = 0
        for (name, value) in headers {
            total += name.utf8.count + value.utf8.count + 4
            if total > self.maxBytes { return true }
        }
        return false
    }

    private func writeRefusal(context: ChannelHandlerContext) {
        guard case .refusing(let requestID, let version, let malformed) = self.state else { return }
        self.state = .refused
        let error = malformed ? APIError.malformedRequest : APIError.headersTooLarge(maxCount: self.maxCount, maxBytes: self.maxBytes)
        let (head, body) = error.http1Problem(requestID: requestID, version: version)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension HeaderLimitHandler: Sendable {}
