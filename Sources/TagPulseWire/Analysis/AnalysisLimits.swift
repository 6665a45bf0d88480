/// The request rules shared by gateway (HTTP validation) and engine (defensive re-check).
///
/// Ranges are the original service's (spec §2.4–2.5). Lengths count Unicode code points, as Python's `len` did,
/// so an emoji made of several scalars counts as several (spec §11.21): old clients see the same limits.
public struct AnalysisLimits: Sendable {
    public static let defaultMaxPosts = 20
    public static let defaultMaxCommentsPerPost = 50
    public static let defaultMaxQuoteLength = 200
    public static let maxCommentsPerPost = 1...200
    public static let promptLength = 10...1000
    public static let maxQuoteLength = 50...500
    /// The original account endpoint's default prompt, kept for legacy clients that omit it.
    public static let defaultAccountPrompt =
        "Analyze the comments for brand sentiment, product opinions, recurring themes and purchase intent."

    public let kind: AnalysisKind

    public init(kind: AnalysisKind) { self.kind = kind }

    /// Hashtags and searches allow up to 50 posts, accounts up to 100.
    public var maxPosts: ClosedRange<Int> {
        switch self.kind {
        case .hashtag, .search: 1...50
        case .account: 1...100
        }
    }

    /// Length of the raw target in code points, before trimming.
    public var targetLength: ClosedRange<Int> {
        switch self.kind {
        case .hashtag: 1...100
        case .account: 1...50
        case .search: 1...200
        }
    }
}

extension AnalysisKind {
    /// The request body's field that names the target.
    public var fieldName: String {
        switch self {
        case .hashtag: "hashtag"
        case .account: "username"
        case .search: "query"
        }
    }
}
