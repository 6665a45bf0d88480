/// The deterministic, offline comment classifier: sentiment, purchase intent, theme, language,
/// confidence and prompt relevance from lexicons and cue phrases. No regex, no network, no randomness.
///
/// `LocalAnalyzer` is a cheap value; its lexicons are built once per process and shared.
public struct LocalAnalyzer: Sendable {
    /// Identifies the lexicons and rules; changes whenever the output for some input may change
    /// (it is part of cache keys).
    public static let version = "local-1"

    let lexicon: SentimentLexicon
    let scorer: SentimentScorer
    let cues: PurchaseIntentCues

    /// Creates an analyzer using the shared lexicons.
    public init() {
        lexicon = .shared
        scorer = SentimentScorer(lexicon: .shared)
        cues = .shared
    }

    /// Classifies one text (a comment, caption or line of input).
    public func classify(_ text: String) -> TextClassification {
        let tokenized = Tokenizer().tokenize(text)
        return classify(text, tokenized: tokenized)
    }

    func classify(_ text: String, tokenized: Tokenizer.Result) -> TextClassification {
        let language = LanguageGuesser.shared.guess(text: text, tokens: tokenized.tokens)
        let evidence = scorer.score(tokenized, language: language)
        let intent = cues.intent(in: tokenized.tokens, lexicon: lexicon)
        let theme = ThemeTaxonomy.theme(for: tokenized, purchaseIntent: intent)
        let sentiment: Sentiment =
            evidence.compound >= SentimentScorer.neutralBand
            ? .positive : (evidence.compound <= -SentimentScorer.neutralBand ? .negative : .neutral)
        let confidence = Self.confidence(
            evidence: evidence,
            sentiment: sentiment,
            tokenized: tokenized,
            language: language,
            themeStrength: theme.strength,
            intent: intent
        )
        return TextClassification(
            sentiment: sentiment,
            sentimentScore: Self.rounded(evidence.compound, places: 4),
            purchaseIntent: intent,
            theme: theme.label,
            confidence: Self.rounded(confidence, places: 3),
            language: language?.code ?? Language.undeterminedCode
        )
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
