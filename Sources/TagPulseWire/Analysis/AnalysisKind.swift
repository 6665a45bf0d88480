/// What an analysis collects videos for.
public enum AnalysisKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A hashtag's feed (`#skincare`).
    case hashtag
    /// An account's videos (`@chefmarco`).
    case account
    /// A free-text search query.
    case search
}
