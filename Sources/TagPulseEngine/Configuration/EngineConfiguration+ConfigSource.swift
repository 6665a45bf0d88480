import Foundation
import TagPulseSettings
import TagPulseTracing
import TagPulseWire

extension EngineConfiguration {
    /// The keys the engine reads. File key → environment variable (`TAGPULSE_` + upper-cased, `.` → `_`):
    ///
    /// | key | default | meaning |
    /// |---|---|---|
    /// | `engine.socket` | `$XDG_RUNTIME_DIR/tagpulse/engine.sock`, else `/tmp/tagpulse-<uid>/engine.sock` | Unix socket path (≤ 100 bytes); its directory must be this user's and writable by no one else |
    /// | `engine.gateway_uid` | this process's uid | the uid connecting peers must run as (`SO_PEERCRED`), 0–4294967294 |
    /// | `engine.max_frame_bytes` | 33554432 (`EngineFrameDecoder.defaultMaximumFrameBytes`) | largest frame, 1 KiB–64 MiB; a request's smaller `max_response_bytes` wins for its response |
    /// | `engine.max_queued_response_bytes` | 67108864 | per connection, unwritten response bytes before it stops reading, 64 KiB–1 GiB |
    /// | `engine.max_concurrent_analyses` | 32 | analyses at once, 1–4096; more get `OVERLOADED` |
    /// | `engine.default_deadline_ms` | 60000 | deadline when a request has none, 100–600000 |
    /// | `provider` | `corpus` (`rapidapi` when `TIKTOK_RAPIDAPI_KEY` is set) | video source |
    /// | `analyzer` | `local` (`openai` when `OPENAI_API_KEY` is set) | comment analyzer |
    /// | `corpus.path` | the shipped corpus | another corpus directory |
    /// | `pipeline.max_feed_pages` | 10 | feed pages per analysis, 1–100 |
    /// | `pipeline.max_comment_pages` | 20 | comment pages per video, 1–200 |
    /// | `pipeline.comment_concurrency` | 8 | videos in flight at once (comments, then analysis), 1–64 |
    /// | `pipeline.analysis_concurrency` (also `MAX_CONCURRENT_AGENTS`) | 4 | videos analysed at once, 1–64 |
    /// | `cleaning.drop_spam` | true | drop spam before analysis (counted as `spam`) |
    /// | `cleaning.drop_emoji_only` | true | drop comments without letters or digits (`emoji_only`) |
    /// | `cleaning.drop_generic_engagement` | true | drop "first!", "follow me"… (`generic_engagement`) |
    /// | `tiktok.rapidapi_key` (also `TIKTOK_RAPIDAPI_KEY`) | none | RapidAPI key, ≥ 10 characters |
    /// | `tiktok.rapidapi_host` (also `TIKTOK_RAPIDAPI_HOST`) | the original's host | `x-rapidapi-host` |
    /// | `tiktok.base_url` (also `TIKTOK_BASE_URL`) | `https://` + host | `http(s)://host[:port][/prefix]` |
    /// | `tiktok.search_path` | `/search/video/{query}` | search feed path, `{query}` required |
    /// | `tiktok.timeout_ms` | 15000 | one upstream call, 100–300000 |
    /// | `tiktok.max_attempts` | 3 | tries per call (retries with backoff), 1–10 |
    /// | `upstream.http_threads` | 16 | concurrent upstream transfers, 1–256 |
    /// | `openai.api_key` (also `OPENAI_API_KEY`) | none | ≥ 20 characters |
    /// | `openai.base_url` (also `OPENAI_BASE_URL`) | `https://api.openai.com/v1` | |
    /// | `openai.model` (also `OPENAI_MODEL`, `DEFAULT_MODEL`) | `gpt-4.1-mini` | default model |
    /// | `openai.allowed_models` | a list of current models | models a client may ask for |
    /// | `openai.timeout_ms` | 15000 | one call, 1000–600000 |
    /// | `openai.max_attempts` | 3 | tries per call, 1–10 |
    /// | `openai.max_output_tokens` | 4000 | per call, 256–32768 |
    /// | `openai.comments_per_call` | 40 | comments per call, 1–500 |
    /// | `trace.otlp.endpoint`, `trace.otlp.headers`, `trace.otlp.sample_ratio`, `trace.otlp.batch_size`, `trace.otlp.flush_interval_ms`, `trace.otlp.queue_size`, `trace.otlp.timeout_ms`, `trace.otlp.max_attempts` | see `TraceExportSettings` | span export to an OpenTelemetry collector (off by default) |
    public enum Keys {
        public static let socket = ConfigKey("engine.socket")
        public static let gatewayUID = ConfigKey("engine.gateway_uid")
        public static let maxFrameBytes = ConfigKey("engine.max_frame_bytes")
        public static let maxConcurrentAnalyses = ConfigKey("engine.max_concurrent_analyses")
        public static let maxQueuedResponseBytes = ConfigKey("engine.max_queued_response_bytes")
        public static let defaultDeadline = ConfigKey("engine.default_deadline_ms")
        public static let provider = ConfigKey("provider")
        public static let analyzer = ConfigKey("analyzer")
        public static let corpusPath = ConfigKey("corpus.path")
        public static let dropSpam = ConfigKey("cleaning.drop_spam")
        public static let dropEmojiOnly = ConfigKey("cleaning.drop_emoji_only")
        public static let dropGenericEngagement = ConfigKey("cleaning.drop_generic_engagement")
        public static let maxFeedPages = ConfigKey("pipeline.max_feed_pages")
        public static let maxCommentPages = ConfigKey("pipeline.max_comment_pages")
        public static let commentConcurrency = ConfigKey("pipeline.comment_concurrency")
        public static let analysisConcurrency = ConfigKey("pipeline.analysis_concurrency", aliases: ["MAX_CONCURRENT_AGENTS"])
        public static let rapidAPIKey = ConfigKey("tiktok.rapidapi_key", aliases: ["TIKTOK_RAPIDAPI_KEY"], secret: true)
        public static let rapidAPIHost = ConfigKey("tiktok.rapidapi_host", aliases: ["TIKTOK_RAPIDAPI_HOST"])
        public static let tiktokBaseURL = ConfigKey("tiktok.base_url", aliases: ["TIKTOK_BASE_URL"])
        public static let tiktokSearchPath = ConfigKey("tiktok.search_path")
        public static let tiktokTimeout = ConfigKey("tiktok.timeout_ms")
        public static let tiktokMaxAttempts = ConfigKey("tiktok.max_attempts")
        public static let upstreamThreads = ConfigKey("upstream.http_threads")
        public static let openAIBaseURL = ConfigKey("openai.base_url", aliases: ["OPENAI_BASE_URL"])
        public static let openAIModel = ConfigKey("openai.model", aliases: ["OPENAI_MODEL", "DEFAULT_MODEL"])
        public static let openAIAllowedModels = ConfigKey("openai.allowed_models")
        public static let openAITimeout = ConfigKey("openai.timeout_ms")
        public static let openAIMaxAttempts = ConfigKey("openai.max_attempts")
        public static let openAIMaxOutputTokens = ConfigKey("openai.max_output_tokens")
        public static let openAICommentsPerCall = ConfigKey("openai.comments_per_call")
        public static let openAIKey = ConfigKey("openai.api_key", aliases: ["OPENAI_API_KEY"], secret: true)
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        self.init()
        let socket = source.string(Keys.socket, default: EngineSocketLocation.defaultPath(environment: source.environment))
        guard socket.hasPrefix("/"), socket.utf8.count <= 100 else {
            throw ConfigurationError(
                key: source.origin(of: Keys.socket) ?? Keys.socket.environmentName,
                message: "must be an absolute path of at most 100 bytes"
            )
        }
        self.socketPath = socket
        self.gatewayUID = UInt32(try source.int(Keys.gatewayUID, default: Int(PeerCredentials.currentUID), range: 0...Int(UInt32.max - 1)))
        self.maxFrameBytes = try source.int(Keys.maxFrameBytes, default: self.maxFrameBytes, range: 1024...(64 << 20))
        self.maxQueuedResponseBytes = try source.int(
            Keys.maxQueuedResponseBytes,
            default: self.maxQueuedResponseBytes,
            range: (64 << 10)...(1 << 30)
        )
        self.maxConcurrentAnalyses = try source.int(Keys.maxConcurrentAnalyses, default: self.maxConcurrentAnalyses, range: 1...4096)
        self.defaultDeadlineMilliseconds = Int64(
            try source.int(Keys.defaultDeadline, default: Int(self.defaultDeadlineMilliseconds), range: 100...600_000)
        )
        self.corpusPath = source.optionalString(Keys.corpusPath)
        self.pipeline = PipelineLimits(
            maxFeedPages: try source.int(Keys.maxFeedPages, default: self.pipeline.maxFeedPages, range: 1...100),
            maxCommentPages: try source.int(Keys.maxCommentPages, default: self.pipeline.maxCommentPages, range: 1...200),
            commentFetchConcurrency: try source.int(Keys.commentConcurrency, default: self.pipeline.commentFetchConcurrency, range: 1...64),
            analysisConcurrency: try source.int(Keys.analysisConcurrency, default: self.pipeline.analysisConcurrency, range: 1...64)
        )

        self.cleaning = CleaningRules(
            dropSpam: try source.bool(Keys.dropSpam, default: true),
            dropEmojiOnly: try source.bool(Keys.dropEmojiOnly, default: true),
            dropGenericEngagement: try source.bool(Keys.dropGenericEngagement, default: true)
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
        self.upstreamThreads = try source.int(Keys.upstreamThreads, default: 16, range: 1...256)
        self.trace = try TraceExportSettings(source: source)
        if self.provider == .rapidapi {
            guard let rapidAPIKey else {
                throw ConfigurationError(key: Keys.rapidAPIKey.aliases[0], message: "is required when the provider is rapidapi")
            }
            self.rapidAPI = try Self.rapidAPI(key: rapidAPIKey, source: source)
        }
        if self.analyzer == .openai {
            guard let openAIKey else {
                throw ConfigurationError(key: Keys.openAIKey.aliases[0], message: "is required when the analyzer is openai")
            }
            self.openAI = try Self.openAI(key: openAIKey, source: source)
        }
    }
}

extension EngineConfiguration {
    static func rapidAPI(key: String, source: ConfigSource) throws(ConfigurationError) -> RapidAPIConfiguration {
        let host = source.string(Keys.rapidAPIHost, default: RapidAPIConfiguration.defaultHost)
        let base = source.string(Keys.tiktokBaseURL, default: "https://\(host)")
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.hasSuffix("/"), base.count > 8 else {
            throw ConfigurationError(
                key: source.origin(of: Keys.tiktokBaseURL) ?? Keys.tiktokBaseURL.environmentName,
                message: "must be an http(s) URL without a trailing slash"
            )
        }
        let searchPath = source.string(Keys.tiktokSearchPath, default: "/search/video/{query}")
        guard searchPath.hasPrefix("/"), searchPath.contains("{query}") else {
            throw ConfigurationError(
                key: source.origin(of: Keys.tiktokSearchPath) ?? Keys.tiktokSearchPath.environmentName,
                message: "must start with / and contain {query}"
            )
        }
        return RapidAPIConfiguration(
            key: key,
            host: host,
            baseURL: base,
            searchPath: searchPath,
            callTimeout: .milliseconds(try source.int(Keys.tiktokTimeout, default: 15_000, range: 100...300_000)),
            maxAttempts: try source.int(Keys.tiktokMaxAttempts, default: 3, range: 1...10)
        )
    }
}

extension EngineConfiguration {
    static func openAI(key: String, source: ConfigSource) throws(ConfigurationError) -> OpenAIConfiguration {
        let base = source.string(Keys.openAIBaseURL, default: "https://api.openai.com/v1")
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.hasSuffix("/"), base.count > 8 else {
            throw ConfigurationError(
                key: source.origin(of: Keys.openAIBaseURL) ?? Keys.openAIBaseURL.environmentName,
                message: "must be an http(s) URL without a trailing slash"
            )
        }
        let model = source.string(Keys.openAIModel, default: OpenAIConfiguration.defaultModel)
        let allowed =
            source.optionalString(Keys.openAIAllowedModels)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty } ?? OpenAIConfiguration.defaultAllowedModels
        return OpenAIConfiguration(
            apiKey: key,
            baseURL: base,
            defaultModel: model,
            allowedModels: allowed,
            callTimeout: .milliseconds(try source.int(Keys.openAITimeout, default: 15_000, range: 1000...600_000)),
            maxAttempts: try source.int(Keys.openAIMaxAttempts, default: 3, range: 1...10),
            maxOutputTokens: try source.int(Keys.openAIMaxOutputTokens, default: 4000, range: 256...32_768),
            commentsPerCall: try source.int(Keys.openAICommentsPerCall, default: 40, range: 1...500)
        )
    }
}
