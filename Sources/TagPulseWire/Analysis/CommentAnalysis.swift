/// One analysed quote: the original's 18 fields, every one filled from real data (spec §11.3), plus the
/// additive `comment_id` and `source_type` that say exactly which comment (or the caption) it came from.
public struct CommentAnalysis: Codable, Sendable, Hashable {
    public var videoID: String
    /// The video's real share URL, or nil when the source had none.
    public var videoURL: String?
    public var quote: String
    /// `positive`, `negative` or `neutral`.
    public var sentiment: String
    public var theme: String
    /// `high`, `medium`, `low` or `none`.
    public var purchaseIntent: String
    /// When the comment (or the video, for a caption) was posted, RFC 3339 UTC.
    public var date: String
    public var source: String
    public var conversationContext: String
    public var threadContext: String
    /// 0...1, three decimals.
    public var confidenceScore: Double
    /// The normalised hashtag, username or query the video was collected for.
    public var hashtagSource: String
    public var videoPlayCount: Int
    public var videoLikeCount: Int
    public var commentLikeCount: Int
    public var parentCommentID: String?
    /// 0 for a top-level comment or the caption, 1 for a reply, 2 for a reply to a reply…
    public var threadDepth: Int
    public var isReply: Bool
    /// The comment's `cid`, or nil for a caption quote.
    public var commentID: String?
    /// `comment` or `caption`.
    public var sourceType: String
    /// 0...1, three decimals: how relevant the comment is to the prompt (local analyzer; items come best first).
    /// Nil (absent) from the OpenAI analyzer and from engines older than the field.
    public var relevance: Double?

    public init(
        videoID: String,
        videoURL: String?,
        quote: String,
        sentiment: String,
        theme: String,
        purchaseIntent: String,
        date: String,
        source: String = "tiktok",
        conversationContext: String,
        threadContext: String,
        confidenceScore: Double,
        hashtagSource: String,
        videoPlayCount: Int,
        videoLikeCount: Int,
        commentLikeCount: Int,
        parentCommentID: String?,
        threadDepth: Int,
        isReply: Bool,
        commentID: String?,
        sourceType: String,
        relevance: Double? = nil
    ) {
        self.videoID = videoID
        self.videoURL = videoURL
        self.quote = quote
        self.sentiment = sentiment
        self.theme = theme
        self.purchaseIntent = purchaseIntent
        self.date = date
        self.source = source
        self.conversationContext = conversationContext
        self.threadContext = threadContext
        self.confidenceScore = confidenceScore
        self.hashtagSource = hashtagSource
        self.videoPlayCount = videoPlayCount
        self.videoLikeCount = videoLikeCount
        self.commentLikeCount = commentLikeCount
        self.parentCommentID = parentCommentID
        self.threadDepth = threadDepth
        self.isReply = isReply
        self.commentID = commentID
        self.sourceType = sourceType
        self.relevance = relevance
    }

    enum CodingKeys: String, CodingKey {
        case quote, sentiment, theme, date, source
        case videoID = "video_id"
        case videoURL = "video_url"
        case purchaseIntent = "purchase_intent"
        case conversationContext = "conversation_context"
        case threadContext = "thread_context"
        case confidenceScore = "confidence_score"
        case hashtagSource = "hashtag_source"
        case videoPlayCount = "video_play_count"
        case videoLikeCount = "video_like_count"
        case commentLikeCount = "comment_like_count"
        case parentCommentID = "parent_comment_id"
        case threadDepth = "thread_depth"
        case isReply = "is_reply"
        case commentID = "comment_id"
        case sourceType = "source_type"
        case relevance
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.videoID, forKey: .videoID)
        try container.encode(self.videoURL, forKey: .videoURL)
        try container.encode(self.quote, forKey: .quote)
        try container.encode(self.sentiment, forKey: .sentiment)
        try container.encode(self.theme, forKey: .theme)
        try container.encode(self.purchaseIntent, forKey: .purchaseIntent)
        try container.encode(self.date, forKey: .date)
        try container.encode(self.source, forKey: .source)
        try container.encode(self.conversationContext, forKey: .conversationContext)
        try container.encode(self.threadContext, forKey: .threadContext)
        try container.encode(self.confidenceScore, forKey: .confidenceScore)
        try container.encode(self.hashtagSource, forKey: .hashtagSource)
        try container.encode(self.videoPlayCount, forKey: .videoPlayCount)
        try container.encode(self.videoLikeCount, forKey: .videoLikeCount)
        try container.encode(self.commentLikeCount, forKey: .commentLikeCount)
        try container.encode(self.parentCommentID, forKey: .parentCommentID)  // explicit null, as the original
        try container.encode(self.threadDepth, forKey: .threadDepth)
        try container.encode(self.isReply, forKey: .isReply)
        try container.encode(self.commentID, forKey: .commentID)
        try container.encode(self.sourceType, forKey: .sourceType)
        try container.encodeIfPresent(self.relevance, forKey: .relevance)
    }
}
