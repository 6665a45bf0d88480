import HTTPTypes
import NIOCore

/// What the event-loop hit path decided for one request: answer it here, or hand it to the router untouched.
enum CacheHitAnswer: Sendable {
    case respond(HTTPResponse, ByteBuffer?)
    case forward
}

/// Decides, on the event loop, whether a request head is a cache hit the channel can answer itself.
protocol CacheHitResolving: Sendable {
    /// nil: not a candidate (forward at once, nothing was charged). Otherwise the answer; a `.forward` answer
    /// has undone whatever it charged, so the router starts from scratch.
    func resolve(_ head: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<CacheHitAnswer>?
}
