import TagPulseWire

/// What one engine call (a cache miss or refresh) is charged, from what it asks for, before it runs: the
/// client's `analyses` windows in units that grow with the work, and the fleet's `upstream` budget in estimated
/// upstream calls. The README's rate-limit section has the table.
///
/// - `units` = ⌈max_posts × max_comments_per_post ÷ 1000⌉, at least 1: the default request (20 × 50) and anything
///   smaller cost 1, a 50 × 200 hashtag analysis 10, a 100 × 200 account analysis 20.
/// - `upstreamCalls` = feed pages ⌈max_posts ÷ 20⌉ + per post, comment pages ⌈max_comments_per_post ÷ 50⌉ and
///   analyzer calls ⌈max_comments_per_post ÷ 40⌉ (OpenAI's `openai.comments_per_call` default): an upper bound, as
///   a target may have fewer posts or comments, and the local analyzer makes no call at all.
///
/// A charge larger than a window's whole burst is charged as that burst (``clamped(to:)``), so the largest requests
/// stay possible, at the price of an empty window.
public struct AnalysisCost: Sendable, Hashable, CustomStringConvertible {
    /// `analyses` units.
    public var units: Int
    /// Estimated upstream calls (the fleet's `upstream` budget).
    public var upstreamCalls: Int

    public static let commentsPerUnit = 1000
    public static let feedPageSize = 20
    public static let commentPageSize = 50
    public static let commentsPerAnalyzerCall = 40

    public init(units: Int, upstreamCalls: Int) {
        self.units = max(1, units)
        self.upstreamCalls = max(1, upstreamCalls)
    }

    public init(maxPosts: Int, maxCommentsPerPost: Int) {
        let posts = max(1, maxPosts)
        let comments = max(1, maxCommentsPerPost)
        let perPost = Self.divideRoundingUp(comments, Self.commentPageSize) + Self.divideRoundingUp(comments, Self.commentsPerAnalyzerCall)
        self.init(
            units: Self.divideRoundingUp(posts * comments, Self.commentsPerUnit),
            upstreamCalls: Self.divideRoundingUp(posts, Self.feedPageSize) + posts * perPost
        )
    }

    /// The cost of analysing with `params`.
    public init(_ params: AnalysisParams) {
        self.init(maxPosts: params.maxPosts, maxCommentsPerPost: params.maxCommentsPerPost)
    }

    /// One unit and one call: what every engine call cost before costs grew with the work.
    public static let single = AnalysisCost(units: 1, upstreamCalls: 1)

    /// The cost of `policy`'s group (`analyses` units, or `upstream` calls), at most the window's burst.
    public func clamped(to policy: RatePolicy) -> Int {
        min(policy.group == "upstream" ? self.upstreamCalls : self.units, policy.burst)
    }

    public var description: String { "\(self.units) units, \(self.upstreamCalls) upstream calls" }

    static func divideRoundingUp(_ value: Int, _ divisor: Int) -> Int { (value + divisor - 1) / divisor }
}
