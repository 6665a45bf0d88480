import Synchronization

/// What inner middleware learns about a request that the outermost one logs: the context is passed down by value,
/// so `RequestTracingMiddleware` never sees the copies `APIKeyMiddleware` and `ClientAddressMiddleware` change.
/// One per request, shared by reference.
public final class RequestTrace: Sendable {
    private struct State {
        var keyID: String?
        var clientAddress: String?
    }

    private let state = Mutex(State())

    public init() {}

    /// The authenticated key's id (never the key).
    public var keyID: String? {
        get { self.state.withLock { $0.keyID } }
        set { self.state.withLock { $0.keyID = newValue } }
    }

    /// The client's address (trusted proxies' `X-Forwarded-For` applied).
    public var clientAddress: String? {
        get { self.state.withLock { $0.clientAddress } }
        set { self.state.withLock { $0.clientAddress = newValue } }
    }
}
