/// Content words of a client's analysis prompt, used to score how relevant a text is to it.
public struct PromptKeywords: Sendable, Equatable {
    /// Lower-cased content words in first-occurrence order, without duplicates, stop words of the six
    /// supported languages, prompt filler ("analyze", "comments"…), mentions, links or single characters.
    public var terms: [String]

    /// Folded (diacritic-free) forms of ``terms``, used for matching.
    var keys: [String]

    /// Whether the prompt asks about buying, prices or availability.
    var asksAboutPurchase: Bool
    /// Whether the prompt asks about opinions, feelings or sentiment.
    var asksAboutOpinion: Bool

    /// Extracts the keywords of `prompt`.
    public init(prompt: String) {
        let tokenized = Tokenizer(keepSurface: true).tokenize(prompt)
        let stopWords = StopWords.shared
        var seen = Set<String>()
        var terms: [String] = []
        var keys: [String] = []
        for token in tokenized.tokens where token.kind == .word {
            let key = token.key
            guard key.count >= 2, !stopWords.isStopWord(key), !stopWords.isStopWord(token.squeezed),
                !SentimentLexicon.shared.negators.contains(key), !key.hasSuffix("'")
            else { continue }
            guard seen.insert(key).inserted else { continue }
            terms.append(token.surface)
            keys.append(key)
        }
        self.terms = terms
        self.keys = keys
        asksAboutPurchase = keys.contains { key in Self.purchaseStems.contains { key.hasPrefix($0) } }
        asksAboutOpinion = keys.contains { key in Self.opinionStems.contains { key.hasPrefix($0) } }
    }

    public static func == (lhs: PromptKeywords, rhs: PromptKeywords) -> Bool {
        lhs.terms == rhs.terms
    }

    static let purchaseStems = [
        "buy", "bought", "purchas", "order", "cart", "price", "cost", "afford", "sale", "shop", "intent", "conver",
        "compr", "preci", "preco", "achet", "prix", "kauf", "preis", "bestell", "acquist", "prezz",
    ]

    static let opinionStems = [
        "opinion", "think", "feel", "sentiment", "like", "love", "hate", "review", "perce", "reaction", "react", "view",
        "satisf", "happy", "complain", "opini", "sentim", "gust", "avis", "pense", "meinung", "gefuhl", "stimmung", "pensa",
    ]
}
