/// A cleaned video, ready for analysis.
struct Video: Sendable, Equatable {
    var id: String
    var caption: String
    /// Unix seconds, when the source gave one.
    var createTime: Int64?
    var authorNickname: String
    var authorHandle: String?
    var shareURL: String?
    var plays: Int64
    var likes: Int64
    var commentCount: Int64
    var shares: Int64
    var hashtags: [String]

    init(_ upstream: UpstreamVideo) {
        self.id = upstream.awemeID
        self.caption = TextCleaner.clean(upstream.desc ?? "", maxLength: 1000)
        self.createTime = upstream.createTime
        self.authorNickname = TextCleaner.clean(upstream.author?.nickname ?? "", maxLength: 100)
        self.authorHandle = upstream.author?.uniqueID.map { TextCleaner.clean($0, maxLength: 100) }
        self.shareURL = upstream.shareURL ?? upstream.author?.uniqueID.map { "https://www.tiktok.com/@\($0)/video/\(upstream.awemeID)" }
        self.plays = upstream.statistics?.plays ?? 0
        self.likes = upstream.statistics?.likes ?? 0
        self.commentCount = upstream.statistics?.comments ?? 0
        self.shares = upstream.statistics?.shares ?? 0
        self.hashtags = upstream.hashtags
    }
}
