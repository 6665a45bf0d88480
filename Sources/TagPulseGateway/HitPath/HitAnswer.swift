import HTTPTypes
import NIOCore

/// What the event-loop hit path decided for one request: answer it here, or hand it to the router untouched.
enum HitAnswer: Sendable {
    case respond(HTTPResponse, ByteBuffer?)
    /// A hot entry's response: its fixed fields are ready as HTTP/1 bytes too (``HitResponse/Prepared``).
    case respondPrepared(HitResponse.Prepared)
    /// To the router untouched, nothing charged.
    case forward
    /// To the router with the look-up already done (charged), filed under this token (``HitHandoff``).
    case handOver(token: String)
}

/// How a request head may be a hit the event loop answers itself.
enum HitCandidate: Sendable, Equatable {
    /// A GET: decided from the head (a body, if any, is read and dropped, never kept).
    case get
    /// A POST: decided once its body has arrived, if it fits `maximumBodyBytes` (else the router takes it).
    case post(maximumBodyBytes: Int)
}

/// The answer to a complete candidate request, now (leased mode's steady state), or later through the ``HitLater``
/// the resolver was given (exactly once; possibly before `resolve` has returned).
enum HitResolution: Sendable {
    case now(HitAnswer)
    case later
}

/// Decides, on the event loop, whether a request is a cache hit the channel can answer itself (``EventLoopHits``).
protocol HitResolving: Sendable {
    /// nil: not a candidate, to the router at once with nothing charged.
    func candidate(_ request: HitRequest) -> HitCandidate?
    /// The answer for a complete candidate (`body`: a POST's, nil for a GET); nil: to the router with nothing
    /// charged. A `.forward` answer has undone whatever it charged, so the router starts from scratch. `memo` is what
    /// the connection remembers of its earlier requests; `later` is where a ``HitResolution/later`` answer goes, and
    /// names the event loop the request is on.
    func resolve(_ request: HitRequest, body: ByteBuffer?, memo: inout HitConnectionMemo, later: HitLater) -> HitResolution?
    /// The same resolver for ``HitFrontHandler``, whose answers' access lines say `http.handler: front` (the
    /// general pipeline's say `event-loop`).
    func forFront() -> any HitResolving
}

extension HitResolving {
    func forFront() -> any HitResolving { self }
}
