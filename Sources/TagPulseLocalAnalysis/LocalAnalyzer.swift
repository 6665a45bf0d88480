/// The deterministic, offline comment classifier: sentiment, purchase intent, theme, language,
/// confidence and prompt relevance from lexicons and cue phrases. No regex, no network, no randomness.
///
/// `LocalAnalyzer` is a cheap value; its lexicons are built once per process and shared.
public struct LocalAnalyzer: Sendable {
    /// Identifies the lexicons and rules; changes whenever the output for some input may change (it is part of
    /// cache keys): ``rulesVersion`` and the digest of the embedded tables (`embed.list`), computed at build time,
    /// so a retrained table never serves answers cached from the old weights.
    public static let version = versionString(rules: rulesVersion, tablesDigest: EmbeddedFiles.digest)

    /// Bumped by hand when the code (tokenizer, hand lexicons, rules) changes some output.
    static let rulesVersion = 7

    /// `local-<rules>.<first 8 digits of the tables' digest>`, e.g. `local-4.1f0c9a2e`.
    static func versionString(rules: Int, tablesDigest: String) -> String {
        "local-\(rules).\(tablesDigest.prefix(8))"
    }

    /// Every value ``TextClassification/language`` takes: the ISO 639-1 codes of the languages the lexicons cover,
    /// then "und" (undetermined).
    public static let languageCodes: [String] = Language.allCases.map(\.code) + [Language.undeterminedCode]

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

    /// Memory that ``classify(utf8:workspace:)`` keeps from one text to the next, so that classifying many texts
    /// allocates nothing per text. One per thread.
    public struct Workspace {
        var scan = Tokenizer.Scan()
        let scratch = ScanScratch()
        /// Stem hashes of the last text read by ``LocalAnalyzer/read(_:workspace:)``.
        var stems: [UInt64] = []

        public init() {}
    }

    /// Classifies one text (a comment, caption or line of input).
    public func classify(_ text: String) -> TextClassification {
        var text = text
        return text.withUTF8 { utf8 in
            var scan = Tokenizer().scan(utf8)
            return classify(utf8: utf8, scan: &scan)
        }
    }

    /// Classifies one text reusing `workspace`'s memory: the same result as ``classify(_:)``, without allocating
    /// per text once the workspace has grown to the longest text.
    public func classify(_ text: String, workspace: inout Workspace) -> TextClassification {
        var text = text
        return text.withUTF8 { utf8 in
            Tokenizer().scan(utf8, into: &workspace.scan, scratch: workspace.scratch)
            return classify(utf8: utf8, scan: &workspace.scan)
        }
    }

    /// Classifies the text in `utf8` (one line, without its newline), reusing `workspace`'s memory: the same result
    /// as `classify(String(decoding: utf8, as: UTF8.self))`, invalid UTF-8 repaired the same way.
    public func classify(utf8: UnsafeBufferPointer<UInt8>, workspace: inout Workspace) -> TextClassification {
        guard UTF8Validation.isValid(utf8) else { return classify(String(decoding: utf8, as: UTF8.self)) }
        Tokenizer().scan(utf8, into: &workspace.scan, scratch: workspace.scratch)
        return classify(utf8: utf8, scan: &workspace.scan)
    }

    @inline(__always)
    func classify(utf8: UnsafeBufferPointer<UInt8>, scan: inout Tokenizer.Scan) -> TextClassification {
        tables.vocabulary.resolve(&scan)
        let language = guesser.guess(utf8: utf8, scan: scan)
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
        /// One letter per key: "w" word, "e" emoji, "o" emoticon, "p" "!"/"?" (character n-grams are taken from words).
        var kinds: String
    }

    func learnedFeatures(_ text: String) -> LearnedFeatures {
        var text = text
        var scan = Tokenizer().scan(text)
        tables.vocabulary.resolve(&scan)
        let language = text.withUTF8 { guesser.guess(utf8: $0, scan: scan) }
        let evidence = scorer.score(scan, language: language)
        let tokens = Tokenizer().tokenize(text).tokens
        var keys: [String] = []
        var kinds = ""
        LearnedSentiment.forEachToken(scan, tables: tables) { index, negated in
            keys.append((negated ? "¬" : "") + tokens[index].squeezed)
            switch tokens[index].kind {
            case .word: kinds += "w"
            case .emoji: kinds += "e"
            case .emoticon: kinds += "o"
            case .punctuation: kinds += "p"
            }
        }
        return LearnedFeatures(language: language, compound: evidence.compound, hits: evidence.hits, keys: keys, kinds: kinds)
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
