/// The result of classifying one short text (typically a TikTok comment) with ``LocalAnalyzer``.
public struct TextClassification: Sendable, Equatable, Codable {
    /// Polarity after applying the neutral band to ``sentimentScore``.
    public var sentiment: Sentiment
    /// Compound score in -1...1; the sign gives the polarity, the magnitude the strength.
    public var sentimentScore: Double
    /// Purchase intent signalled by the text.
    public var purchaseIntent: PurchaseIntent
    /// One label of the fixed taxonomy in ``ThemeTaxonomy/labels``.
    public var theme: String
    /// 0...1, rounded to 3 decimals: higher with more and stronger evidence.
    public var confidence: Double
    /// Best-effort ISO 639-1 code (en, es, pt, fr, de, it) or "und".
    public var language: String

    /// Creates a classification from its parts.
    public init(
        sentiment: Sentiment,
        sentimentScore: Double,
        purchaseIntent: PurchaseIntent,
        theme: String,
        confidence: Double,
        language: String
    ) {
        self.sentiment = sentiment
        self.sentimentScore = sentimentScore
        self.purchaseIntent = purchaseIntent
        self.theme = theme
        self.confidence = confidence
        self.language = language
    }
}
