/// The deterministic, offline comment classifier: sentiment, purchase intent, theme, language,
/// confidence and prompt relevance from lexicons and cue phrases. No regex, no network, no randomness.
///
/// `LocalAnalyzer` is a cheap value; its lexicons are built once per process and shared.
public struct LocalAnalyzer: Sendable {
    /// Identifies the lexicons and rules; changes whenever the output for some input may change
    /// (it is part of cache keys).
    public static let version = "local-3"

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
        let (positive, negative) = tables.learned.logits(scan, evidence: evidence, language: language, tables: tables)
        let (sentiment, score) = LearnedSentiment.decide(positive: positive, negative: negative, band: SentimentScorer.neutralBand)
        var decided = evidence
        decided.compound = score
        let confidence = Self.confidence(
            evidence: decided,
            sentiment: sentiment,
            scan: scan,
            language: language,
            themeStrength: theme.strength,
            intent: intent
        )
        return TextClassification(
            sentiment: sentiment,
            sentimentScore: Self.rounded(score, places: 4),
            purchaseIntent: intent,
            theme: theme.label,
            confidence: Self.rounded(confidence, places: 3),
            language: language?.code ?? Language.undeterminedCode
        )
    }

    /// What the learned layer sees (see `LearnedSentimentDumpTests` and `Tools/learn-sentiment.py`).
    struct LearnedFeatures {
        var language: Language?
        var compound: Double
        var hits: Int
        /// Vocabulary form (elongation squeezed) of every token, prefixed with "¬" inside a negation's scope.
        var keys: [String]
    }

    func learnedFeatures(_ text: String) -> LearnedFeatures {
        var scan = Tokenizer().scan(text)
        tables.vocabulary.resolve(&scan)
        let language = guesser.guess(text: text, scan: scan)
        let evidence = scorer.score(scan, language: language)
        let tokens = Tokenizer().tokenize(text).tokens
        var keys: [String] = []
        LearnedSentiment.forEachToken(scan, tables: tables) { index, negated in
            keys.append((negated ? "¬" : "") + tokens[index].squeezed)
        }
        return LearnedFeatures(language: language, compound: evidence.compound, hits: evidence.hits, keys: keys)
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
