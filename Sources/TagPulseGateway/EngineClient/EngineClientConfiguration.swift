import TagPulseWire

/// How the gateway reaches its engine.
public struct EngineClientConfiguration: Sendable, Equatable {
    public var socketPath: String
    /// The uid the engine must run as (`SO_PEERCRED`): a connection to a process of another user is refused.
    public var engineUID: UInt32
    /// Connections kept open; calls are spread over them and multiplexed on each.
    public var poolSize: Int
    public var connectTimeout: Duration
    /// The longest an analysis may take end to end; sent to the engine as `deadline_ms`.
    public var requestTimeout: Duration
    public var maxFrameBytes: Int
    public var reconnectMinimum: Duration
    public var reconnectMaximum: Duration

    public init(
        socketPath: String = EngineSocketLocation.defaultPath(),
        engineUID: UInt32 = PeerCredentials.currentUID,
        poolSize: Int = 2,
        connectTimeout: Duration = .milliseconds(500),
        requestTimeout: Duration = .seconds(30),
        maxFrameBytes: Int = EngineFrameDecoder.defaultMaximumFrameBytes,
        reconnectMinimum: Duration = .milliseconds(50),
        reconnectMaximum: Duration = .seconds(1)
    ) {
        self.socketPath = socketPath
        self.engineUID = engineUID
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxFrameBytes = maxFrameBytes
        self.reconnectMinimum = reconnectMinimum
        self.reconnectMaximum = reconnectMaximum
    }
}
