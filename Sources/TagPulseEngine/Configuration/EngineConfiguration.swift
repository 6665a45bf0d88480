import TagPulseTracing
import TagPulseWire

/// Everything the engine process is configured with, read once at start-up by
/// ``init(source:)`` (in `EngineConfiguration+ConfigSource.swift`, which documents every key).
public struct EngineConfiguration: Sendable, Equatable {
    public enum Provider: String, Sendable, CaseIterable {
        case corpus, synthetic, rapidapi
    }

    public enum Analyzer: String, Sendable, CaseIterable {
        case local, openai
    }

    /// The Unix socket the engine listens on (and the gateway connects to).
    public var socketPath: String
    /// The uid a connecting peer must run as (`SO_PEERCRED`); connections from other users are closed.
    public var gatewayUID: UInt32
    /// The largest frame payload accepted or sent.
    public var maxFrameBytes: Int
    /// Per connection, response bytes waiting to be written past which the connection stops reading requests until
    /// the peer reads (back-pressure).
    public var maxQueuedResponseBytes: Int
    /// Analyses running at once; more are answered `OVERLOADED`.
    public var maxConcurrentAnalyses: Int
    /// Applied when a request carries no `deadline_ms`.
    public var defaultDeadlineMilliseconds: Int64
    public var provider: Provider
    public var analyzer: Analyzer
    /// A corpus directory other than the one shipped with the binary.
    public var corpusPath: String?
    public var pipeline: PipelineLimits
    public var cleaning: CleaningRules
    /// The real TikTok upstream, when `provider` is `rapidapi`.
    public var rapidAPI: RapidAPIConfiguration?
    /// The OpenAI upstream, when `analyzer` is `openai`.
    public var openAI: OpenAIConfiguration?
    /// Threads that run upstream HTTP transfers (libcurl's easy interface blocks one thread per transfer).
    public var upstreamThreads: Int
    /// Span export to an OpenTelemetry collector (`trace.otlp.*`; off by default).
    public var trace = TraceExportSettings()

    public init(
        socketPath: String = Self.defaultSocketPath,
        gatewayUID: UInt32 = PeerCredentials.currentUID,
        maxFrameBytes: Int = EngineFrameDecoder.defaultMaximumFrameBytes,
        maxQueuedResponseBytes: Int = Self.defaultMaxQueuedResponseBytes,
        maxConcurrentAnalyses: Int = 32,
        defaultDeadlineMilliseconds: Int64 = 60_000,
        provider: Provider = .corpus,
        analyzer: Analyzer = .local,
        corpusPath: String? = nil,
        pipeline: PipelineLimits = .init(),
        cleaning: CleaningRules = .init(),
        rapidAPI: RapidAPIConfiguration? = nil,
        openAI: OpenAIConfiguration? = nil,
        upstreamThreads: Int = 16
    ) {
        self.socketPath = socketPath
        self.gatewayUID = gatewayUID
        self.maxFrameBytes = maxFrameBytes
        self.maxQueuedResponseBytes = maxQueuedResponseBytes
        self.maxConcurrentAnalyses = maxConcurrentAnalyses
        self.defaultDeadlineMilliseconds = defaultDeadlineMilliseconds
        self.provider = provider
        self.analyzer = analyzer
        self.corpusPath = corpusPath
        self.pipeline = pipeline
        self.cleaning = cleaning
        self.rapidAPI = rapidAPI
        self.openAI = openAI
        self.upstreamThreads = upstreamThreads
    }

    /// A private runtime directory of this user (``EngineSocketLocation``).
    public static var defaultSocketPath: String { EngineSocketLocation.defaultPath() }
    /// Two of the largest frames by default (64 MiB).
    public static let defaultMaxQueuedResponseBytes = 2 * EngineFrameDecoder.defaultMaximumFrameBytes
}
