extension LocalAnalyzer {
    /// 0...1 confidence: grows with the amount and strength of evidence, shrinks for short,
    /// mixed or language-less texts and for scores close to the neutral band's edge.
    static func confidence(
        evidence: SentimentScorer.Evidence,
        sentiment: Sentiment,
        scan: Tokenizer.Scan,
        language: Language?,
        themeStrength: Double,
        intent: PurchaseIntent
    ) -> Double {
        let words = scan.wordCount
        let units = scan.tokens.count
        if units == 0 { return 0.1 }
        var c = 0.3
        let band = SentimentScorer.neutralBand
        let strength = abs(evidence.compound)
        if sentiment == .neutral {
            // Neutral is surer when there is simply no sentiment evidence in a reasonably long text.
            c += evidence.hits == 0 ? min(0.3, Double(words) * 0.03) : 0.1 * (1 - strength / band)
        } else {
            c += 0.35 * min(1, (strength - band) / (1 - band) + 0.2)
            c += 0.05 * Double(min(evidence.hits, 4))
        }
        if evidence.mixed { c -= 0.12 }
        if words < 3 { c -= 0.08 }
        if language == nil && words > 0 { c -= 0.05 }
        c += min(0.1, themeStrength * 0.05)
        if intent == .high { c += 0.05 }
        return max(0.05, min(0.99, c))
    }
}
