import Hummingbird
import Logging
import NIOCore
import TagPulseAccess

/// Per-request state, passed through the middleware chain by value (Hummingbird's typed context).
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's `X-Request-ID`: the client's when well-formed, else generated. Sent to the engine and
    /// logged everywhere.
    public var requestID: String = ""
    /// The verified caller, once authenticated (`apikey.id` in logs; never the key itself).
    public var key: AuthenticatedKey?
    /// The connection's TCP peer (nil in router tests and for Unix sockets).
    public let remoteAddress: SocketAddress?
    /// The client's IP in canonical text, set by `ClientAddressMiddleware` (trusted proxies' `X-Forwarded-For`).
    public var clientAddress: String?
    /// The `requests` charge of this request, refunded when a later policy refuses it.
    public var requestsDecision: RateDecision?
    /// Shared with the outermost middleware, which logs it in the access line.
    public let trace = RequestTrace()

    public var keyID: String? { self.key?.id }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
