import Hummingbird
import Logging
import NIOCore
import TagPulseAccess

/// Per-request state, passed through the middleware chain by value (Hummingbird's typed context).
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's `X-Request-ID`: the client's when well-formed, else generated. Sent to the engine and
    /// logged everywhere.
    public var requestID: String = ""
    /// The verified caller, once authenticated (`apikey.id` in logs; never the key itself).
    public var key: AuthenticatedKey?
    /// The caller's IP: the TCP peer, or the first untrusted `X-Forwarded-For` hop behind trusted proxies.
    public var clientAddress: String?
    /// The `requests` charge of this request, refunded when a later policy refuses it.
    public var requestsDecision: RateDecision?

    public var keyID: String? { self.key?.id }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }
}
