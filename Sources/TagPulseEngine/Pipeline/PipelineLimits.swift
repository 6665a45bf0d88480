/// Bounds on the work one analysis may do.
public struct PipelineLimits: Sendable, Equatable {
    /// Feed pages fetched at most, whatever `max_posts` says.
    public var maxFeedPages: Int
    /// Comment pages fetched per video at most.
    public var maxCommentPages: Int
    /// Videos whose comments are fetched at the same time.
    public var commentFetchConcurrency: Int
    /// Videos analysed at the same time.
    public var analysisConcurrency: Int

    public init(maxFeedPages: Int = 10, maxCommentPages: Int = 20, commentFetchConcurrency: Int = 4, analysisConcurrency: Int = 4) {
        self.maxFeedPages = maxFeedPages
        self.maxCommentPages = maxCommentPages
        self.commentFetchConcurrency = commentFetchConcurrency
        self.analysisConcurrency = analysisConcurrency
    }
}
