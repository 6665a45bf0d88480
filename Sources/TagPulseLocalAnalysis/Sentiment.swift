/// Polarity of a text, derived from ``TextClassification/sentimentScore`` and a neutral band.
public enum Sentiment: String, Sendable, CaseIterable, Codable {
    case positive, negative, neutral
}
