import TagPulseSettings

extension EngineConfiguration {
    /// The keys the engine reads. File key → environment variable (`TAGPULSE_` + upper-cased, `.` → `_`):
    ///
    /// | key | default | meaning |
    /// |---|---|---|
    /// | `engine.socket` | `/tmp/tagpulse/engine.sock` | Unix socket path (≤ 100 bytes) |
    /// | `engine.max_frame_bytes` | 8388608 | largest frame, 1 KiB–64 MiB |
    /// | `engine.max_concurrent_analyses` | 32 | analyses at once, 1–4096; more get `OVERLOADED` |
    /// | `engine.default_deadline_ms` | 60000 | deadline when a request has none, 100–600000 |
    /// | `provider` | `corpus` (`rapidapi` when `TIKTOK_RAPIDAPI_KEY` is set) | video source |
    /// | `analyzer` | `local` (`openai` when `OPENAI_API_KEY` is set) | comment analyzer |
    /// | `corpus.path` | the shipped corpus | another corpus directory |
    /// | `pipeline.max_feed_pages` | 10 | feed pages per analysis, 1–100 |
    /// | `pipeline.max_comment_pages` | 20 | comment pages per video, 1–200 |
    /// | `pipeline.comment_concurrency` | 4 | videos whose comments are fetched at once, 1–64 |
    /// | `pipeline.analysis_concurrency` | 4 | videos analysed at once, 1–64 |
    public enum Keys {
        public static let socket = ConfigKey("engine.socket")
        public static let maxFrameBytes = ConfigKey("engine.max_frame_bytes")
        public static let maxConcurrentAnalyses = ConfigKey("engine.max_concurrent_analyses")
        public static let defaultDeadline = ConfigKey("engine.default_deadline_ms")
        public static let provider = ConfigKey("provider")
        public static let analyzer = ConfigKey("analyzer")
        public static let corpusPath = ConfigKey("corpus.path")
        public static let maxFeedPages = ConfigKey("pipeline.max_feed_pages")
        public static let maxCommentPages = ConfigKey("pipeline.max_comment_pages")
        public static let commentConcurrency = ConfigKey("pipeline.comment_concurrency")
        public static let analysisConcurrency = ConfigKey("pipeline.analysis_concurrency")
        public static let rapidAPIKey = ConfigKey("tiktok.rapidapi_key", aliases: ["TIKTOK_RAPIDAPI_KEY"], secret: true)
        public static let openAIKey = ConfigKey("openai.api_key", aliases: ["OPENAI_API_KEY"], secret: true)
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        self.init()
        let socket = source.string(Keys.socket, default: Self.defaultSocketPath)
        guard socket.hasPrefix("/"), socket.utf8.count <= 100 else {
            throw ConfigurationError(
                key: source.origin(of: Keys.socket) ?? Keys.socket.environmentName,
                message: "must be an absolute path of at most 100 bytes"
            )
        }
        self.socketPath = socket
        self.maxFrameBytes = try source.int(Keys.maxFrameBytes, default: self.maxFrameBytes, range: 1024...(64 << 20))
        self.maxConcurrentAnalyses = try source.int(Keys.maxConcurrentAnalyses, default: self.maxConcurrentAnalyses, range: 1...4096)
        self.defaultDeadlineMilliseconds = Int64(
            try source.int(Keys.defaultDeadline, default: Int(self.defaultDeadlineMilliseconds), range: 100...600_000)
        )
        self.corpusPath = source.optionalString(Keys.corpusPath)
        self.pipeline = PipelineLimits(
            maxFeedPages: try source.int(Keys.maxFeedPages, default: 10, range: 1...100),
            maxCommentPages: try source.int(Keys.maxCommentPages, default: 20, range: 1...200),
            commentFetchConcurrency: try source.int(Keys.commentConcurrency, default: 4, range: 1...64),
            analysisConcurrency: try source.int(Keys.analysisConcurrency, default: 4, range: 1...64)
        )

        let rapidAPIKey = try source.secret(Keys.rapidAPIKey, minimumLength: 10)
        let openAIKey = try source.secret(Keys.openAIKey, minimumLength: 20)
        let provider = try source.choice(
            Keys.provider,
            default: rapidAPIKey == nil ? "corpus" : "rapidapi",
            choices: Provider.allCases.map(\.rawValue)
        )
        let analyzer = try source.choice(
            Keys.analyzer,
            default: openAIKey == nil ? "local" : "openai",
            choices: Analyzer.allCases.map(\.rawValue)
        )
        self.provider = Provider(rawValue: provider) ?? .corpus
        self.analyzer = Analyzer(rawValue: analyzer) ?? .local
        // This build ships the offline parts only; refuse rather than silently fall back to offline data when
        // an operator asked for the real upstreams.
        guard self.provider == .corpus else {
            throw ConfigurationError(
                key: source.origin(of: Keys.provider) ?? "TIKTOK_RAPIDAPI_KEY",
                message: "provider \"\(provider)\" is not available in engine \(EngineVersion.current); set TAGPULSE_PROVIDER=corpus"
            )
        }
        guard self.analyzer == .local else {
            throw ConfigurationError(
                key: source.origin(of: Keys.analyzer) ?? "OPENAI_API_KEY",
                message: "analyzer \"\(analyzer)\" is not available in engine \(EngineVersion.current); set TAGPULSE_ANALYZER=local"
            )
        }
    }
}
