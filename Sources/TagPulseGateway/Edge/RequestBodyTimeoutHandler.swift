import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// Gives a request body a total deadline, counted from its request head (`http.body_timeout_ms`): Hummingbird's idle
/// timer restarts on every byte, so a client trickling one byte a second could otherwise hold a request — and one
/// of the instance's `http.max_in_flight` slots — for as long as it likes.
///
/// It sits right after ``HeaderLimitHandler`` (decoded request parts in, response parts out), on the connection's
/// event loop. A head that announces a body (`Content-Length` above 0, or `Transfer-Encoding`) starts a timer; the
/// request's `.end` stops it. When it fires first, nothing more is read from the connection and:
/// - if that request's response has not started, it gets `408 Request Timeout` (problem+json, `BODY_TIMEOUT`,
///   `Connection: close`) once earlier pipelined responses are out, then the connection closes;
/// - if the application already answered (a refusal sent before reading the body), the connection just closes.
///
/// Closing the connection ends the handler still waiting for the body, which frees its in-flight slot.
final class RequestBodyTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case forwarding
        /// The deadline passed; the 408 goes out once earlier responses have ended.
        case refusing(requestID: String, version: HTTPVersion)
        case closed
    }

    let timeout: TimeAmount
    let logger: Logger
    let generateRequestID: () -> String
    private var state: State = .forwarding
    /// Armed for every request with a body without a task each time (POST hits run through here).
    private var timer: LazyTimer?
    /// Request heads passed on, and response heads and ends written (they match up in order: HTTP/1.1 answers in order).
    private var requests = 0
    private var responseHeads = 0
    private var responseEnds = 0
    /// The request whose body is being read: its number, id and version.
    private var reading: (number: Int, requestID: String, version: HTTPVersion)?

    init(timeout: TimeAmount, logger: Logger, generateRequestID: @escaping () -> String = RequestTracingMiddleware.randomID) {
        self.timeout = timeout
        self.logger = logger
        self.generateRequestID = generateRequestID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .forwarding = self.state else { return }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.requests += 1
            if Self.announcesBody(head.headers) {
                let clientID = head.headers.first(name: "X-Request-ID").flatMap { RequestTracingMiddleware.isWellFormed($0) ? $0 : nil }
                self.reading = (self.requests, clientID ?? "", head.version)
                self.startTimer(context: context)
            }
        case .body:
            break
        case .end:
            self.cancelTimer()
            self.reading = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: self.responseHeads += 1
        case .end: self.responseEnds += 1
        default: break
        }
        context.write(data, promise: promise)
        if case .refusing = self.state, self.responseEnds >= self.requests - 1 {
            self.writeRefusal(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.releaseTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.releaseTimer()
    }

    /// One pass over the fields, comparing names by length first (this runs for every request).
    static func announcesBody(_ headers: HTTPHeaders) -> Bool {
        var announced = false
        for (name, value) in headers {
            let utf8 = name.utf8
            if utf8.count == 17, Self.equalsIgnoringCase(utf8, "transfer-encoding") { return true }
            if utf8.count == 14, Self.equalsIgnoringCase(utf8, "content-length"), !announced { announced = value != "0" }
        }
        return announced
    }

    /// ASCII case-insensitive equality with a lower-case literal of letters and `-`.
    private static func equalsIgnoringCase(_ utf8: String.UTF8View, _ lowercase: StaticString) -> Bool {
        var index = 0
        for byte in utf8 {
            guard byte | 0x20 == lowercase.utf8Start[index] else { return false }
            index += 1
        }
        return index == lowercase.utf8CodeUnitCount
    }

    private func startTimer(context: ChannelHandlerContext) {
        if self.timer == nil {
            self.timer = LazyTimer(eventLoop: context.eventLoop) { self.expire(context: context) }
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

    private func expire(context: ChannelHandlerContext) {
        guard case .forwarding = self.state, let reading = self.reading else { return }
        self.logger.info("gateway.http.request_body_timeout", metadata: ["timeout_ms": "\(self.timeout.nanoseconds / 1_000_000)"])
        guard self.responseHeads < reading.number else {
            // The application answered without waiting for the body: only the connection is left to end.
            self.state = .closed
            context.close(promise: nil)
            return
        }
        self.state = .refusing(requestID: reading.requestID.isEmpty ? self.generateRequestID() : reading.requestID, version: reading.version)
        if self.responseEnds >= reading.number - 1 { self.writeRefusal(context: context) }
    }

    private func writeRefusal(context: ChannelHandlerContext) {
        guard case .refusing(let requestID, let version) = self.state else { return }
        self.state = .closed
        let error = APIError.bodyTimeout(milliseconds: Int(self.timeout.nanoseconds / 1_000_000))
        let (head, body) = error.http1Problem(requestID: requestID, version: version)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension RequestBodyTimeoutHandler: Sendable {}
