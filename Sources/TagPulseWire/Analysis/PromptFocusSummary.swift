/// What the local analyzer understood of the prompt (`metadata.prompt_focus`): the aspects and keywords it selects
/// comments by, or that it understood nothing (then no comment is kept).
public struct PromptFocusSummary: Codable, Sendable, Hashable {
    /// False when the prompt named nothing the analyzer reads: no comment is kept, rephrase the prompt.
    public var understood: Bool
    /// Every opinionated comment is relevant ("what do people think?", "brand sentiment").
    public var generalOpinion: Bool
    /// Aspects of the theme taxonomy: `price`, `quality`, `results`, `delivery`, `customer_service`, `comparison`,
    /// `recommendation`, `purchase_intent`, `appearance`.
    public var aspects: [String]
    /// Content words matched by stem and synonyms in the six languages.
    public var keywords: [String]
    /// Prompt words that name the analysed target itself (they select nothing).
    public var subjectWords: [String]
    /// Relevance at or above which a comment is kept.
    public var threshold: Double

    public init(understood: Bool, generalOpinion: Bool, aspects: [String], keywords: [String], subjectWords: [String], threshold: Double) {
        self.understood = understood
        self.generalOpinion = generalOpinion
        self.aspects = aspects
        self.keywords = keywords
        self.subjectWords = subjectWords
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey {
        case understood, aspects, keywords, threshold
        case generalOpinion = "general_opinion"
        case subjectWords = "subject_words"
    }
}
