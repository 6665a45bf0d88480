extension LocalAnalyzer {
    /// The relevance at or above which a comment is kept for a focus.
    public static let relevanceThreshold = 0.5

    /// 0...1, rounded to 3 decimals: how relevant a read comment is to `focus`.
    ///
    /// - An aspect of the focus scores 0.75 when one of its cues occurs in the comment, 1 when the comment's theme is
    ///   also that aspect's, 0.45 for the theme alone; purchase intent also counts the comment's own intent (high 1,
    ///   medium 0.9, low 0.6).
    /// - Keywords score 0.7 for the first one matched (by stem, or a synonym's stem), up to 1 when all are.
    /// - A general-opinion focus scores an opinion (``isOpinion(_:)``) 0.6 + 0.4 × the strength of its sentiment.
    ///
    /// The best of these, times 0.9, plus 0.1 × the strength of the comment's sentiment (so clear opinions rank first
    /// among equals). Spam scores 0; an empty focus scores everything 0.
    public func relevance(of reading: CommentReading, to focus: PromptFocus) -> Double {
        let classification = reading.classification
        if focus.isEmpty || classification.theme == ThemeTaxonomy.labels[ThemeTaxonomy.spam] { return 0 }
        var best = 0.0
        for aspect in focus.aspects {
            let cue = reading.aspectMask & aspect.bit != 0
            let theme = classification.theme == aspect.themeLabel
            var score = cue ? (theme ? 1 : 0.75) : (theme ? 0.45 : 0)
            if aspect == .purchaseIntent {
                switch classification.purchaseIntent {
                case .high: score = 1
                case .medium: score = max(score, 0.9)
                case .low: score = max(score, 0.6)
                case .none: break
                }
            }
            best = max(best, score)
        }
        if !focus.keywordStems.isEmpty {
            var matched = 0
            for stems in focus.keywordStems where stems.contains(where: { reading.stems.contains($0) }) { matched += 1 }
            if matched > 0 {
                let extra = focus.keywordStems.count > 1 ? Double(matched - 1) / Double(focus.keywordStems.count - 1) : 0
                best = max(best, 0.7 + 0.3 * extra)
            }
        }
        let strength = min(1, abs(classification.sentimentScore))
        if focus.isGeneralOpinion && Self.isOpinion(reading) {
            best = max(best, 0.6 + 0.4 * strength)
        }
        guard best > 0 else { return 0 }
        return Self.rounded(min(1, 0.9 * best + 0.1 * strength), places: 3)
    }

    /// Aspects whose mention is a judgment of the product (not buying, delivery or service).
    static let evaluativeMask: UInt32 = [PromptAspect.price, .quality, .results, .comparison, .recommendation, .appearance]
        .reduce(0) { $0 | $1.bit }

    /// Aspects whose mention with a feeling is an experience of buying it (a late parcel, a refused refund).
    static let experienceMask: UInt32 = PromptAspect.delivery.bit | PromptAspect.customerService.bit

    /// An opinion, for a general-opinion focus: not a question; a sentiment, or a judgment of the product (a price,
    /// quality, results, comparison, recommendation or looks cue) even in neutral words; a purchase statement alone
    /// ("just ordered 🙌") is intent, not an opinion, unless it tells of the delivery or service with a feeling
    /// ("ordered 5 weeks ago and still nothing").
    static func isOpinion(_ reading: CommentReading) -> Bool {
        if reading.isQuestion { return false }
        let evaluative = reading.aspectMask & Self.evaluativeMask != 0
        let experience = reading.aspectMask & Self.experienceMask != 0
        if reading.classification.purchaseIntent != .none && !evaluative && !experience { return false }
        return evaluative || reading.classification.sentiment != .neutral
    }

    /// ``relevance(of:to:)`` of a text read on the spot.
    public func relevance(of text: String, to focus: PromptFocus) -> Double {
        relevance(of: read(text), to: focus)
    }
}
