import Hummingbird
import Logging

/// Per-request state, passed through the middleware chain by value (Hummingbird's typed context).
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's `X-Request-ID`: the client's when well-formed, else generated. Sent to the engine and
    /// logged everywhere.
    public var requestID: String = ""
    /// Who the API key belongs to, once authenticated (`apikey.id` in logs; never the key itself).
    public var keyID: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
