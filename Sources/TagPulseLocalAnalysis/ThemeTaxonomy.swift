/// The fixed theme taxonomy and keyword-cue based theme assignment.
///
/// Cue hits are weighted per theme; spam wins whenever it has a cue, "general engagement" is used for
/// lone emoji and one-word reactions, "question" for otherwise unthemed questions, "other" for the rest.
public enum ThemeTaxonomy {
    /// All theme labels, in tie-breaking order.
    public static let labels: [String] = [
        "spam", "purchase & availability", "price & value", "shipping & delivery", "customer service",
        "product quality", "usage & results", "comparison", "recommendation", "appearance & design",
        "creator & content", "humor & entertainment", "question", "general engagement", "other",
    ]

    static let spam = 0
    static let purchase = 1
    static let question = 12
    static let engagement = 13
    static let other = 14

    static let matcher = PhraseMatcher(sources: cueSources.enumerated().map { ($0.offset, $0.element) })

    /// Chooses a theme for a tokenised text.
    static func theme(for tokenized: Tokenizer.Result, purchaseIntent: PurchaseIntent) -> (label: String, strength: Double) {
        let tokens = tokenized.tokens
        var scores = [Double](repeating: 0, count: labels.count)
        for match in matcher.matches(in: tokens) {
            scores[match.label] += match.weight
        }
        if scores[spam] >= 1 { return (labels[spam], scores[spam]) }
        if purchaseIntent == .high || purchaseIntent == .medium { scores[purchase] += 0.75 }
        var best = -1
        var bestScore = 0.0
        for index in 0..<labels.count where scores[index] > bestScore {
            best = index
            bestScore = scores[index]
        }
        if best >= 0 && bestScore >= 0.5 { return (labels[best], bestScore) }
        let words = tokens.reduce(0) { $0 + ($1.kind == .word ? 1 : 0) }
        let symbols = tokens.reduce(0) { $0 + ($1.kind == .emoji || $1.kind == .emoticon ? 1 : 0) }
        if tokenized.questions > 0 && words >= 2 { return (labels[question], 0.5) }
        if words == 0 && symbols > 0 { return (labels[engagement], 0.8) }
        if words <= 3 && scores[engagement] > 0 { return (labels[engagement], 0.6) }
        if words <= 2 && (symbols > 0 || words > 0)
            && SentimentLexicon.shared.mergedWords[tokens.first(where: { $0.kind == .word })?.key ?? ""] != nil
        {
            return (labels[engagement], 0.5)
        }
        if words == 0 { return (labels[other], 0) }
        return (labels[other], 0.2)
    }
}
