/// The OpenAI upstream (Chat Completions with structured outputs).
public struct OpenAIConfiguration: Sendable, Equatable {
    public static let defaultModel = "gpt-4.1-mini"
    /// Models a client may ask for with `model`; others are refused with `INVALID_PARAMS`.
    public static let defaultAllowedModels = [
        "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1-2025-04-14", "gpt-4o", "gpt-4o-mini",
    ]

    public var apiKey: String
    /// Up to and including the version, no trailing slash (`https://api.openai.com/v1`).
    public var baseURL: String
    public var defaultModel: String
    public var allowedModels: [String]
    public var callTimeout: Duration
    public var maxAttempts: Int
    /// Output tokens per call; a video's comments are split so each call's answer fits.
    public var maxOutputTokens: Int
    /// Comments per call at most (the split that keeps answers inside `maxOutputTokens`).
    public var commentsPerCall: Int
    /// Calls for one video's batches in flight at once.
    public var parallelCallsPerVideo: Int

    public init(
        apiKey: String,
        baseURL: String = "https://api.openai.com/v1",
        defaultModel: String = Self.defaultModel,
        allowedModels: [String] = Self.defaultAllowedModels,
        callTimeout: Duration = .seconds(15),
        maxAttempts: Int = 3,
        maxOutputTokens: Int = 4000,
        commentsPerCall: Int = 40,
        parallelCallsPerVideo: Int = 3
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.defaultModel = defaultModel
        self.allowedModels = allowedModels.contains(defaultModel) ? allowedModels : allowedModels + [defaultModel]
        self.callTimeout = callTimeout
        self.maxAttempts = maxAttempts
        self.maxOutputTokens = maxOutputTokens
        self.commentsPerCall = commentsPerCall
        self.parallelCallsPerVideo = parallelCallsPerVideo
    }
}
