/// Everything the gateway process is configured with, read once at start-up by
/// ``init(source:)`` (in `GatewayConfiguration+ConfigSource.swift`, which documents every key).
public struct GatewayConfiguration: Sendable, Equatable {
    public var httpHost: String
    public var httpPort: Int
    /// Request bodies above this are refused with 413 (before reading them when `Content-Length` says so).
    public var maxBodyBytes: Int
    /// Keep-alive connections idle this long are closed.
    public var idleTimeout: Duration
    public var engine: EngineClientConfiguration
    /// The single full-scope key; nil refuses every analysis request.
    public var bootstrapKey: String?

    public init(
        httpHost: String = "127.0.0.1",
        httpPort: Int = 8080,
        maxBodyBytes: Int = 64 * 1024,
        idleTimeout: Duration = .seconds(30),
        engine: EngineClientConfiguration = .init(),
        bootstrapKey: String? = nil
    ) {
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.engine = engine
        self.bootstrapKey = bootstrapKey
    }
}
