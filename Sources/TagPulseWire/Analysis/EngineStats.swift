/// The `stats` result: the engine's counters since start, for `/readyz` details and the gateway's metrics.
public struct EngineStats: Codable, Sendable, Equatable {
    public var version: String
    public var provider: String
    public var analyzer: String
    /// The model a request without `model` is analysed with (`local-2`, `gpt-4.1-mini`): with ``provider`` and
    /// ``analyzer``, what the gateway's cache keys include. Optional on the wire (older engines omit it).
    public var defaultModel: String?
    public var uptimeSeconds: Double
    public var maxConcurrentAnalyses: Int
    public var inFlight: Int
    public var connections: Int
    public var requestsTotal: Int
    /// Failed responses by error code.
    public var errorsTotal: [String: Int]
    /// The upstreams this engine calls (`rapidapi`, `openai`), by name; empty for the offline providers. Optional on
    /// the wire (older engines omit it).
    public var upstreams: [String: UpstreamStats]?
    /// The engine process's CPU, memory, descriptors and start time (from `/proc`; absent elsewhere and from older
    /// engines), exported by the gateway as `tagpulse_engine_process_*`.
    public var process: ProcessMetrics?

    public init(
        version: String,
        provider: String,
        analyzer: String,
        defaultModel: String? = nil,
        uptimeSeconds: Double,
        maxConcurrentAnalyses: Int,
        inFlight: Int,
        connections: Int,
        requestsTotal: Int,
        errorsTotal: [String: Int],
        upstreams: [String: UpstreamStats]? = nil,
        process: ProcessMetrics? = nil
    ) {
        self.version = version
        self.provider = provider
        self.analyzer = analyzer
        self.defaultModel = defaultModel
        self.uptimeSeconds = uptimeSeconds
        self.maxConcurrentAnalyses = maxConcurrentAnalyses
        self.inFlight = inFlight
        self.connections = connections
        self.requestsTotal = requestsTotal
        self.errorsTotal = errorsTotal
        self.upstreams = upstreams
        self.process = process
    }

    enum CodingKeys: String, CodingKey {
        case version, provider, analyzer, connections, upstreams, process
        case defaultModel = "default_model"
        case uptimeSeconds = "uptime_s"
        case maxConcurrentAnalyses = "max_concurrent_analyses"
        case inFlight = "in_flight"
        case requestsTotal = "requests_total"
        case errorsTotal = "errors_total"
    }
}

/// The `ping` result.
public struct PingResult: Codable, Sendable, Equatable {
    public var pong: Bool
    public var version: String
    public init(version: String) {
        self.pong = true
        self.version = version
    }
}
