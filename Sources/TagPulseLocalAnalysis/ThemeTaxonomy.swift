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

    /// Chooses a theme for a tokenised text.
    static func theme(for scan: Tokenizer.Scan, purchaseIntent: PurchaseIntent, tables: AnalysisTables = .shared)
        -> (label: String, strength: Double)
    {
        var storage: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            let scores = raw.bindMemory(to: Double.self)
            tables.theme.forEachMatch(in: scan) { match in
                scores[match.label] += match.weight
            }
            return choose(scores, scan: scan, purchaseIntent: purchaseIntent, tables: tables)
        }
    }

    private static func choose(
        _ scores: UnsafeMutableBufferPointer<Double>,
        scan: Tokenizer.Scan,
        purchaseIntent: PurchaseIntent,
        tables: AnalysisTables
    ) -> (label: String, strength: Double) {
        if scores[spam] >= 1 { return (labels[spam], scores[spam]) }
        if purchaseIntent == .high || purchaseIntent == .medium { scores[purchase] += 0.75 }
        var best = -1
        var bestScore = 0.0
        for index in 0..<labels.count where scores[index] > bestScore {
            best = index
            bestScore = scores[index]
        }
        if best >= 0 && bestScore >= 0.5 { return (labels[best], bestScore) }
        let words = scan.wordCount
        let symbols = scan.symbolCount
        if scan.questions > 0 && words >= 2 { return (labels[question], 0.5) }
        if words == 0 && symbols > 0 { return (labels[engagement], 0.8) }
        if words <= 3 && scores[engagement] > 0 { return (labels[engagement], 0.6) }
        if words <= 2 && (symbols > 0 || words > 0), let first = scan.tokens.first(where: { $0.kind == .word }),
            first.keyID >= 0, !tables.merged[Int(first.keyID)].isNaN
        {
            return (labels[engagement], 0.5)
        }
        if words == 0 { return (labels[other], 0) }
        return (labels[other], 0.2)
    }
}
