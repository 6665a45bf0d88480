extension LocalAnalyzer {
    /// 0...1: how relevant `text` is to the prompt's keywords.
    ///
    /// Combines keyword matches (exact 1, same stem 0.8, shared prefix of 5+ letters 0.5; three matching
    /// keywords, or all of them when fewer, saturate), a bonus when the text's theme is one the prompt names,
    /// and purchase / opinion signals when the prompt asks about buying or opinions. Spam is damped.
    /// With no keywords every text scores 0.5. Rounded to 3 decimals.
    public func relevance(of text: String, to keywords: PromptKeywords) -> Double {
        if keywords.keys.isEmpty { return 0.5 }
        let tokenized = Tokenizer().tokenize(text)
        let classification = classify(text)
        let words = tokenized.tokens.filter { $0.kind == .word }
        let wordStems = words.map { Self.stem($0.key) }
        var matched = 0.0
        for key in keywords.keys {
            let keyStem = Self.stem(key)
            var best = 0.0
            for (index, word) in words.enumerated() {
                if word.matches(key) { best = 1; break }
                if keyStem.count >= 3 && wordStems[index] == keyStem {
                    best = max(best, 0.8)
                } else if Self.sharedPrefix(key, word.key) >= 5 {
                    best = max(best, 0.5)
                }
            }
            matched += best
        }
        let termScore = min(1, matched / Double(min(keywords.keys.count, 3)))
        var score = 0.65 * termScore
        let labelWords = Self.labelWords(classification.theme)
        if keywords.keys.contains(where: { key in labelWords.contains { Self.stem($0) == Self.stem(key) } }) {
            score += 0.2
        }
        if keywords.asksAboutPurchase {
            switch classification.purchaseIntent {
            case .high: score += 0.3
            case .medium: score += 0.22
            case .low: score += 0.1
            case .none: break
            }
        }
        if keywords.asksAboutOpinion && classification.sentiment != .neutral {
            score += 0.1 + 0.1 * abs(classification.sentimentScore)
        }
        if classification.theme == ThemeTaxonomy.labels[ThemeTaxonomy.spam] { score *= 0.3 }
        return Self.rounded(max(0, min(1, score)), places: 3)
    }

    static func labelWords(_ label: String) -> [String] {
        label.split(whereSeparator: { $0 == " " || $0 == "&" }).map(String.init)
    }

    static func sharedPrefix(_ a: String, _ b: String) -> Int {
        var count = 0
        for (x, y) in zip(a.unicodeScalars, b.unicodeScalars) {
            guard x == y else { break }
            count += 1
        }
        return count
    }

    /// A crude multilingual suffix-stripping stem ("shipping" -> "shipp" / "shipped" -> "shipp").
    static func stem(_ word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        for suffix in stemSuffixes where scalars.count - suffix.count >= 3 {
            if scalars.suffix(suffix.count).elementsEqual(suffix) {
                var result = String.UnicodeScalarView()
                result.append(contentsOf: scalars.dropLast(suffix.count))
                return String(result)
            }
        }
        return word
    }

    private static let stemSuffixes: [[Unicode.Scalar]] = [
        "ations", "ation", "ements", "ement", "ments", "ment", "iones", "ciones", "cion", "ings", "ing", "edly", "ied", "ies",
        "ed", "ers", "er", "ly", "es", "en", "ung", "mente", "ando", "endo", "ado", "ada", "ados", "adas", "ido", "ida",
        "os", "as", "s", "o", "a", "e", "i",
    ].map { Array($0.unicodeScalars) }
}
