import TagPulseLocalAnalysis

/// A cleaned comment with its place in the thread.
struct Comment: Sendable, Equatable {
    var id: String
    var videoID: String
    var text: String
    var createTime: Int64?
    var likes: Int64
    var authorNickname: String
    /// The comment this one answers directly: the top-level comment, or the reply it replies to.
    var parentID: String?
    /// 0 for top level, 1 for a reply, 2 for a reply to a reply…
    var depth: Int
    /// The local analyzer's reading, made once by cleaning (nil when cleaning filters nothing): the local analysis
    /// reuses it instead of classifying the comment again.
    var reading: CommentReading? = nil

    var isReply: Bool { self.depth > 0 }
}
