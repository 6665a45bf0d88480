/// Metadata of an analysis: the original's 16 keys with real values (spec §2.6, §11.6), then additive extras.
public struct AnalysisMetadata: Codable, Sendable, Hashable {
    // The original's keys.
    /// Videos that went through analysis (after cleaning), failed ones included; see ``failedVideos``.
    public var totalVideosAnalyzed: Int
    /// Comments collected from the source before cleaning, replies included.
    public var totalCommentsFound: Int
    /// Length of `comment_analyses`.
    public var relevantCommentsExtracted: Int
    public var analysisTimestamp: String
    /// Wall time of the whole pipeline (collection, cleaning, analysis), seconds, two decimals.
    public var processingTimeSeconds: Double
    public var modelUsed: String
    public var hashtagAnalyzed: String
    public var totalVideoPlays: Int
    public var totalVideoLikes: Int
    /// Total likes ÷ total plays × 100, two decimals; 0 when there were no plays.
    public var averageEngagementRate: Double
    /// Real feed calls (pages) made to the source.
    public var hashtagAPICalls: Int
    /// Real comment calls (pages) made to the source.
    public var commentsAPICalls: Int
    public var maxReplyDepth: Int
    /// Comments that reached analysis after cleaning.
    public var totalThreadedComments: Int
    public var replyComments: Int
    public var topLevelComments: Int

    // Extras.
    /// `hashtag_analysis`, `account_analysis` or `search_analysis`.
    public var endpointType: String
    /// `corpus`, `synthetic` or `rapidapi`.
    public var provider: String
    /// `local` or `openai`.
    public var analyzer: String
    public var engineVersion: String
    public var commentsAfterCleaning: Int
    /// Why comments were dropped during cleaning, with counts (`empty`, `duplicate`, `spam`, …).
    public var commentsDropped: [String: Int]
    public var sentimentDistribution: [String: Int]
    public var purchaseIntentDistribution: [String: Int]
    public var topThemes: [ThemeCount]
    public var averageConfidenceScore: Double
    /// Items with a confidence of at least 0.8.
    public var highConfidenceAnalyses: Int
    /// Analyzer calls made (one per video, more when a video's comments were split).
    public var aiAnalysisAPICalls: Int
    /// Feed + comment + analyzer calls.
    public var totalAPICalls: Int
    public var successfulAnalyses: Int
    public var failedAnalyses: Int
    public var failedVideos: [FailedVideo]
    public var timings: Timings
    /// Items of the analyzer's answers that were dropped: citing a comment that was not sent, with a label outside
    /// its enum, or quoting text that does not occur in the cited comment. Nil from engines older than the field.
    public var quotesRejected: Int?
    /// What the local analyzer understood of the prompt; nil from the OpenAI analyzer (its model reads the prompt
    /// itself) and from engines older than the field.
    public var promptFocus: PromptFocusSummary?
    /// Cleaned comments (and captions) the local analyzer left out as irrelevant to the prompt; nil as
    /// ``promptFocus``.
    public var commentsIrrelevant: Int?
    /// What the analysis cost upstream: calls sent and OpenAI tokens (``AnalysisUsage``). Nil from engines older than
    /// the field.
    public var usage: AnalysisUsage?

    public init(
        totalVideosAnalyzed: Int,
        totalCommentsFound: Int,
        relevantCommentsExtracted: Int,
        analysisTimestamp: String,
        processingTimeSeconds: Double,
        modelUsed: String,
        hashtagAnalyzed: String,
        totalVideoPlays: Int,
        totalVideoLikes: Int,
        averageEngagementRate: Double,
        hashtagAPICalls: Int,
        commentsAPICalls: Int,
        maxReplyDepth: Int,
        totalThreadedComments: Int,
        replyComments: Int,
        topLevelComments: Int,
        endpointType: String,
        provider: String,
        analyzer: String,
        engineVersion: String,
        commentsAfterCleaning: Int,
        commentsDropped: [String: Int],
        sentimentDistribution: [String: Int],
        purchaseIntentDistribution: [String: Int],
        topThemes: [ThemeCount],
        averageConfidenceScore: Double,
        highConfidenceAnalyses: Int,
        aiAnalysisAPICalls: Int,
        totalAPICalls: Int,
        successfulAnalyses: Int,
        failedAnalyses: Int,
        failedVideos: [FailedVideo],
        timings: Timings,
        quotesRejected: Int? = nil,
        promptFocus: PromptFocusSummary? = nil,
        commentsIrrelevant: Int? = nil,
        usage: AnalysisUsage? = nil
    ) {
        self.totalVideosAnalyzed = totalVideosAnalyzed
        self.totalCommentsFound = totalCommentsFound
        self.relevantCommentsExtracted = relevantCommentsExtracted
        self.analysisTimestamp = analysisTimestamp
        self.processingTimeSeconds = processingTimeSeconds
        self.modelUsed = modelUsed
        self.hashtagAnalyzed = hashtagAnalyzed
        self.totalVideoPlays = totalVideoPlays
        self.totalVideoLikes = totalVideoLikes
        self.averageEngagementRate = averageEngagementRate
        self.hashtagAPICalls = hashtagAPICalls
        self.commentsAPICalls = commentsAPICalls
        self.maxReplyDepth = maxReplyDepth
        self.totalThreadedComments = totalThreadedComments
        self.replyComments = replyComments
        self.topLevelComments = topLevelComments
        self.endpointType = endpointType
        self.provider = provider
        self.analyzer = analyzer
        self.engineVersion = engineVersion
        self.commentsAfterCleaning = commentsAfterCleaning
        self.commentsDropped = commentsDropped
        self.sentimentDistribution = sentimentDistribution
        self.purchaseIntentDistribution = purchaseIntentDistribution
        self.topThemes = topThemes
        self.averageConfidenceScore = averageConfidenceScore
        self.highConfidenceAnalyses = highConfidenceAnalyses
        self.aiAnalysisAPICalls = aiAnalysisAPICalls
        self.totalAPICalls = totalAPICalls
        self.successfulAnalyses = successfulAnalyses
        self.failedAnalyses = failedAnalyses
        self.failedVideos = failedVideos
        self.timings = timings
        self.quotesRejected = quotesRejected
        self.promptFocus = promptFocus
        self.commentsIrrelevant = commentsIrrelevant
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case provider, analyzer, timings, usage
        case totalVideosAnalyzed = "total_videos_analyzed"
        case totalCommentsFound = "total_comments_found"
        case relevantCommentsExtracted = "relevant_comments_extracted"
        case analysisTimestamp = "analysis_timestamp"
        case processingTimeSeconds = "processing_time_seconds"
        case modelUsed = "model_used"
        case hashtagAnalyzed = "hashtag_analyzed"
        case totalVideoPlays = "total_video_plays"
        case totalVideoLikes = "total_video_likes"
        case averageEngagementRate = "average_engagement_rate"
        case hashtagAPICalls = "hashtag_api_calls"
        case commentsAPICalls = "comments_api_calls"
        case maxReplyDepth = "max_reply_depth"
        case totalThreadedComments = "total_threaded_comments"
        case replyComments = "reply_comments"
        case topLevelComments = "top_level_comments"
        case endpointType = "endpoint_type"
        case engineVersion = "engine_version"
        case commentsAfterCleaning = "comments_after_cleaning"
        case commentsDropped = "comments_dropped"
        case sentimentDistribution = "sentiment_distribution"
        case purchaseIntentDistribution = "purchase_intent_distribution"
        case topThemes = "top_themes"
        case averageConfidenceScore = "average_confidence_score"
        case highConfidenceAnalyses = "high_confidence_analyses"
        case aiAnalysisAPICalls = "ai_analysis_api_calls"
        case totalAPICalls = "total_api_calls"
        case successfulAnalyses = "successful_analyses"
        case failedAnalyses = "failed_analyses"
        case failedVideos = "failed_videos"
        case quotesRejected = "quotes_rejected"
        case promptFocus = "prompt_focus"
        case commentsIrrelevant = "comments_irrelevant"
    }

    /// A theme and how many items carry it.
    public struct ThemeCount: Codable, Sendable, Hashable {
        public var theme: String
        public var count: Int
        public init(theme: String, count: Int) {
            self.theme = theme
            self.count = count
        }
    }

    /// A video whose analysis failed, and why; its comments are missing from `comment_analyses`.
    public struct FailedVideo: Codable, Sendable, Hashable {
        public var videoID: String
        public var code: String
        public var message: String
        public init(videoID: String, code: String, message: String) {
            self.videoID = videoID
            self.code = code
            self.message = message
        }
        enum CodingKeys: String, CodingKey {
            case code, message
            case videoID = "video_id"
        }
    }

    /// Where the time went, in milliseconds.
    public struct Timings: Codable, Sendable, Hashable {
        public var collectMilliseconds: Double
        public var analyzeMilliseconds: Double
        public var totalMilliseconds: Double
        public init(collectMilliseconds: Double, analyzeMilliseconds: Double, totalMilliseconds: Double) {
            self.collectMilliseconds = collectMilliseconds
            self.analyzeMilliseconds = analyzeMilliseconds
            self.totalMilliseconds = totalMilliseconds
        }
        enum CodingKeys: String, CodingKey {
            case collectMilliseconds = "collect_ms"
            case analyzeMilliseconds = "analyze_ms"
            case totalMilliseconds = "total_ms"
        }
    }
}
