/// Bounds on the work one analysis may do.
public struct PipelineLimits: Sendable, Equatable {
    /// Feed pages fetched at most, whatever `max_posts` says.
    public var maxFeedPages: Int
    /// Comment pages fetched per video at most.
    public var maxCommentPages: Int
    /// Videos in flight at the same time (each: its comment pages in sequence, then its analysis).
    public var commentFetchConcurrency: Int
    /// Videos being analysed at the same time (an analyzer may make a few calls per video, see
    /// `OpenAIConfiguration.parallelCallsPerVideo`).
    public var analysisConcurrency: Int

    public init(maxFeedPages: Int = 10, maxCommentPages: Int = 20, commentFetchConcurrency: Int = 8, analysisConcurrency: Int = 4) {
        self.maxFeedPages = maxFeedPages
        self.maxCommentPages = maxCommentPages
        self.commentFetchConcurrency = commentFetchConcurrency
        self.analysisConcurrency = analysisConcurrency
    }
}
