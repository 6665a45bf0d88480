/// Valence lexicons (per language plus emoji), phrases and sentiment modifiers, built once from the
/// compact sources in the `SentimentLexicon+<Language>.swift` files.
struct SentimentLexicon: Sendable {
    /// The shared, immutable instance (built lazily and thread-safely on first use).
    static let shared = SentimentLexicon()

    /// Word valences per ``Language`` (indexed by raw value).
    let words: [[String: Double]]
    /// All languages merged, first language (in ``Language`` order) wins; used when the language is unknown.
    let mergedWords: [String: Double]
    /// Emoji and emoticon valences.
    let emoji: [String: Double]
    /// Emphasis emoji (😭): no valence of their own; they strengthen the text's feeling like "!".
    let emphasisEmoji: Set<String>
    /// Multi-word phrases ("no cap", "me encanta", "pas mal") keyed by space-joined token keys.
    let phrases: [String: Double]
    /// Booster phrases ("kind of", "un peu").
    let boosterPhrases: [String: Double]
    /// First token keys of every phrase (valence or booster), to skip phrase lookups cheaply.
    let phraseStarts: Set<String>
    /// Longest phrase length in tokens.
    let maxPhraseLength: Int
    let negators: Set<String>
    let postNegators: Set<String>
    let boosters: [String: Double]
    /// Contrast words per ``Language`` (indexed by raw value).
    let contrast: [Set<String>]

    init() {
        let sources = [
            Self.englishSource, Self.spanishSource, Self.portugueseSource,
            Self.frenchSource, Self.germanSource, Self.italianSource,
        ]
        var words: [[String: Double]] = []
        var phrases: [String: Double] = [:]
        var starts = Set<String>()
        var maxLength = 1
        for source in sources {
            var dictionary: [String: Double] = [:]
            for entry in LexiconParser.parse(source) {
                if entry.isPhrase {
                    if phrases[entry.term] == nil { phrases[entry.term] = entry.value }
                    let parts = entry.term.split(separator: " ")
                    starts.insert(String(parts[0]))
                    maxLength = max(maxLength, parts.count)
                } else if dictionary[entry.term] == nil {
                    dictionary[entry.term] = entry.value
                }
            }
            words.append(dictionary)
        }
        // `merged` must not depend on dictionary iteration order: resolve collisions by language order.
        var resolved: [String: Double] = [:]
        for dictionary in words.reversed() {
            for (key, value) in dictionary { resolved[key] = value }
        }
        var emoji: [String: Double] = [:]
        for entry in LexiconParser.parse(Self.emojiSource) where emoji[entry.term] == nil {
            emoji[entry.term] = entry.value
        }
        var boosters: [String: Double] = [:]
        var boosterPhrases: [String: Double] = [:]
        for entry in LexiconParser.parse(Self.boosterSource) {
            if entry.isPhrase {
                if boosterPhrases[entry.term] == nil { boosterPhrases[entry.term] = entry.value }
                let parts = entry.term.split(separator: " ")
                starts.insert(String(parts[0]))
                maxLength = max(maxLength, parts.count)
            } else if boosters[entry.term] == nil {
                boosters[entry.term] = entry.value
            }
        }
        self.words = words
        self.mergedWords = resolved
        self.emoji = emoji
        self.emphasisEmoji = Set(LexiconParser.terms(Self.emphasisEmojiSource))
        self.phrases = phrases
        self.boosterPhrases = boosterPhrases
        self.phraseStarts = starts
        self.maxPhraseLength = maxLength
        self.negators = Set(LexiconParser.terms(Self.negatorSource))
        self.postNegators = Set(LexiconParser.terms(Self.postNegatorSource))
        self.boosters = boosters
        self.contrast = Language.allCases.map { Set(LexiconParser.terms(Self.contrastSources[$0] ?? "")) }
    }

    /// Valence of a word token: the guessed language first, then English, then every language.
    @inline(__always)
    func valence(of token: Token, language: Language?) -> Double? {
        if token.kind != .word { return emoji[token.key] }
        if let language {
            let dictionary = words[language.rawValue]
            if let v = dictionary[token.key] ?? dictionary[token.squeezed] { return v }
            // Slang travels, and short texts are often misidentified: fall back to English, then to
            // every language, unless the word is a function word or false friend in the guessed language.
            if StopWords.shared.blocksEnglishFallback(token.key, in: language) { return nil }
            if language == .english { return nil }
            if let v = words[0][token.key] ?? words[0][token.squeezed] { return v }
            return mergedWords[token.key] ?? mergedWords[token.squeezed]
        }
        return mergedWords[token.key] ?? mergedWords[token.squeezed]
    }

    @inline(__always)
    func booster(of token: Token) -> Double? {
        guard token.kind == .word else { return nil }
        return boosters[token.key] ?? boosters[token.squeezed]
    }

    @inline(__always)
    func isNegator(_ token: Token) -> Bool {
        token.kind == .word && negators.contains(token.key)
    }

    @inline(__always)
    func isContrast(_ token: Token, language: Language?) -> Bool {
        guard token.kind == .word else { return false }
        return contrast[(language ?? .english).rawValue].contains(token.key)
    }
}
