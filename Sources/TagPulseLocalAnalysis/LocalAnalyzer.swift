/// The deterministic, offline comment classifier: sentiment, purchase intent, theme, language,
/// confidence and prompt relevance from lexicons and cue phrases. No regex, no network, no randomness.
///
/// `LocalAnalyzer` is a cheap value; its lexicons are built once per process and shared.
public struct LocalAnalyzer: Sendable {
    /// Identifies the lexicons and rules; changes whenever the output for some input may change
    /// (it is part of cache keys).
    public static let version = "local-1"

    let tables: AnalysisTables
    let scorer: SentimentScorer
    let cues: PurchaseIntentCues
    let guesser: LanguageGuesser

    /// Creates an analyzer using the shared lexicons.
    public init() {
        tables = .shared
        scorer = SentimentScorer(tables: tables)
        cues = PurchaseIntentCues(tables: tables)
        guesser = LanguageGuesser(tables: tables)
    }

    /// Classifies one text (a comment, caption or line of input).
    public func classify(_ text: String) -> TextClassification {
        var scan = Tokenizer().scan(text)
        tables.vocabulary.resolve(&scan)
        let language = guesser.guess(text: text, scan: scan)
        let evidence = scorer.score(scan, language: language)
        let intent = cues.intent(in: scan)
        let theme = ThemeTaxonomy.theme(for: scan, purchaseIntent: intent, tables: tables)
        let sentiment: Sentiment =
            evidence.compound >= SentimentScorer.neutralBand
            ? .positive : (evidence.compound <= -SentimentScorer.neutralBand ? .negative : .neutral)
        let confidence = Self.confidence(
            evidence: evidence,
            sentiment: sentiment,
            scan: scan,
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
