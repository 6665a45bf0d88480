/// Every normalised key any table knows (lexicon words and phrase parts, emoji, modifiers, stop words,
/// cue phrases), numbered 0..<count. A scanned token's key hash is mapped to its id once, after which
/// every lookup on the hot path is an array index.
struct Vocabulary: Sendable {
    private let table: HashTable64
    private let ids: [String: Int32]
    let count: Int

    /// `keys` are looked up by string and hash; `hashes` (keys known only by their ``KeyHash``, such as the
    /// learned sentiment tokens) by hash only.
    init(keys: [String], hashes: [UInt64] = []) {
        var ids: [String: Int32] = Dictionary(minimumCapacity: keys.count / 2)
        var table = HashTable64(capacity: keys.count + hashes.count)
        for key in keys where ids[key] == nil {
            let id = Int32(ids.count)
            ids[key] = id
            table.insert(KeyHash.hash(key), id)
        }
        // Hash-only keys get the next ids in order of first appearance (ids only index tables, so any
        // consistent numbering gives the same results).
        var count = ids.count
        for hash in hashes where table.insert(hash, Int32(count)) { count += 1 }
        self.ids = ids
        self.count = count
        self.table = table
    }

    /// The id of a registered hash (precondition: registered).
    func id(ofHash hash: UInt64) -> Int32 {
        let id = table.lookup(hash)
        precondition(id >= 0, "unregistered vocabulary hash")
        return id
    }

    /// The id of a registered key (precondition: registered).
    func id(of key: String) -> Int32 {
        guard let id = ids[key] else { preconditionFailure("unregistered vocabulary key \(key)") }
        return id
    }

    /// The id of `key`, or -1.
    func lookup(_ key: String) -> Int32 { ids[key] ?? -1 }

    /// Fills the ids of the scan's tokens.
    @inline(__always)
    func resolve(_ scan: inout Tokenizer.Scan) {
        let count = scan.tokens.count
        scan.tokens.withUnsafeMutableBufferPointer { tokens in
            for i in 0..<count {
                let id = table.lookup(tokens[i].keyHash)
                tokens[i].keyID = id
                tokens[i].squeezedID = tokens[i].isElongated ? table.lookup(tokens[i].squeezedHash) : id
            }
        }
    }
}

/// The lexicons, stop words and cue lists compiled against one ``Vocabulary``: per-id arrays.
/// A class, so that the analyzer and its parts share one reference instead of copying (and retaining) every
/// array on each call.
final class AnalysisTables: Sendable {
    static let shared = AnalysisTables()

    static let languageCount = Language.allCases.count

    /// See ``flags``: the key has a role for the sentiment scorer.
    static let roleFlag: UInt16 = 1 << 8
    /// See ``flags``: a negator ("not", "pas"…).
    static let negatorFlag: UInt16 = 1 << 9
    /// See ``flags``: a word with a booster value (``booster`` is not NaN).
    static let boosterWordFlag: UInt16 = 1 << 10
    /// See ``flags``: an emphasis emoji (😭): it strengthens the text's feeling like "!" and carries none of its own.
    static let emphasisFlag: UInt16 = 1 << 11

    let vocabulary: Vocabulary
    /// `valence[language * count + id]`, NaN when absent.
    let valence: [Double]
    let merged: [Double]
    let emoji: [Double]
    let booster: [Double]
    /// Per id, what the per-token loops test, in one small array: the languages the key votes for (bits 0–5,
    /// weighted by ``voteWeight``), then ``roleFlag``, ``negatorFlag``, ``boosterWordFlag`` and ``emphasisFlag``.
    let flags: [UInt16]
    let isPostNegator: [Bool]
    let isPhraseStart: [Bool]
    /// Bit per language: contrast word ("but") in that language.
    let contrastMask: [UInt8]
    /// Bit per language: stop word or false friend there (blocks the English fallback).
    let blockMask: [UInt8]
    let voteWeight: [Double]
    /// Phrases keyed by the combined ids of their tokens: index into `phraseValues`.
    let phrases: HashTable64
    let phraseValues: [(value: Double, isBooster: Bool)]
    let maxPhraseLength: Int
    let noID: Int32
    let intent: PhraseMatcher
    let refusal: PhraseMatcher
    let theme: PhraseMatcher
    let learned: LearnedSentiment

    init() {
        let lexicon = SentimentLexicon.shared
        let stopWords = StopWords.shared
        let intentSources = [(0, PurchaseIntentCues.high), (1, PurchaseIntentCues.medium), (2, PurchaseIntentCues.low)]
        let refusalSources = [(0, PurchaseIntentCues.refusals)]
        let themeSources = ThemeTaxonomy.cueSources.enumerated().map { ($0.offset, $0.element) }
        // Parse the cue lists once without ids, to register their keys.
        let parsed = [intentSources, refusalSources, themeSources].map { PhraseMatcher(sources: $0) }

        var keys: [String] = ["!", "?", "no"]
        for dictionary in lexicon.words { keys += dictionary.keys.sorted() }
        keys += lexicon.emoji.keys.sorted() + lexicon.emphasisEmoji.sorted()
        keys += lexicon.boosters.keys.sorted()
        keys += lexicon.negators.sorted() + lexicon.postNegators.sorted()
        for set in lexicon.contrast { keys += set.sorted() }
        for key in lexicon.phrases.keys.sorted() + lexicon.boosterPhrases.keys.sorted() {
            keys += key.split(separator: " ").map(String.init)
        }
        for set in stopWords.byLanguage + stopWords.falseFriends { keys += set.sorted() }
        for matcher in parsed { for cue in matcher.cues { keys += cue.keys } }
        let learnedTable = LearnedSentiment.embeddedTable
        let vocabulary = Vocabulary(keys: keys, hashes: learnedTable.entries.map(\.keyHash))
        let count = vocabulary.count
        self.vocabulary = vocabulary

        var valence = [Double](repeating: .nan, count: count * Self.languageCount)
        for (language, dictionary) in lexicon.words.enumerated() {
            for (key, value) in dictionary { valence[language * count + Int(vocabulary.id(of: key))] = value }
        }
        var merged = [Double](repeating: .nan, count: count)
        for (key, value) in lexicon.mergedWords { merged[Int(vocabulary.id(of: key))] = value }
        var emoji = [Double](repeating: .nan, count: count)
        for (key, value) in lexicon.emoji { emoji[Int(vocabulary.id(of: key))] = value }
        var booster = [Double](repeating: .nan, count: count)
        for (key, value) in lexicon.boosters { booster[Int(vocabulary.id(of: key))] = value }
        var isNegator = [Bool](repeating: false, count: count)
        for key in lexicon.negators { isNegator[Int(vocabulary.id(of: key))] = true }
        var isEmphasis = [Bool](repeating: false, count: count)
        for key in lexicon.emphasisEmoji { isEmphasis[Int(vocabulary.id(of: key))] = true }
        var isPostNegator = [Bool](repeating: false, count: count)
        for key in lexicon.postNegators { isPostNegator[Int(vocabulary.id(of: key))] = true }
        var isPhraseStart = [Bool](repeating: false, count: count)
        for key in lexicon.phraseStarts { isPhraseStart[Int(vocabulary.id(of: key))] = true }
        var contrastMask = [UInt8](repeating: 0, count: count)
        for (language, set) in lexicon.contrast.enumerated() {
            for key in set { contrastMask[Int(vocabulary.id(of: key))] |= 1 << UInt8(language) }
        }
        var blockMask = [UInt8](repeating: 0, count: count)
        for (language, set) in stopWords.byLanguage.enumerated() {
            for key in set { blockMask[Int(vocabulary.id(of: key))] |= 1 << UInt8(language) }
        }
        for (language, set) in stopWords.falseFriends.enumerated() {
            for key in set { blockMask[Int(vocabulary.id(of: key))] |= 1 << UInt8(language) }
        }
        let (voteMask, voteWeight) = LanguageGuesser.votes(vocabulary: vocabulary)
        var phrasePairs: [(UInt64, Int32)] = []
        var phraseValues: [(value: Double, isBooster: Bool)] = []
        for (table, isBooster) in [(lexicon.phrases, false), (lexicon.boosterPhrases, true)] {
            for (key, value) in table.sorted(by: { $0.key < $1.key }) {
                var h = KeyHash.offset
                for part in key.split(separator: " ") { h = KeyHash.combine(h, vocabulary.id(of: String(part))) }
                phrasePairs.append((h, Int32(phraseValues.count)))
                phraseValues.append((value, isBooster))
            }
        }
        self.valence = valence
        self.merged = merged
        self.emoji = emoji
        self.booster = booster
        self.isPostNegator = isPostNegator
        self.isPhraseStart = isPhraseStart
        self.flags = (0..<count).map { id in
            // A role: the key may matter to the sentiment scorer (a valence in some language, a booster, a
            // negator, a contrast word or a phrase start); tokens without it are plain "other" units.
            let hasRole = !merged[id].isNaN || !booster[id].isNaN || isNegator[id] || contrastMask[id] != 0 || isPhraseStart[id]
            return UInt16(voteMask[id]) | (hasRole ? Self.roleFlag : 0) | (isNegator[id] ? Self.negatorFlag : 0)
                | (booster[id].isNaN ? 0 : Self.boosterWordFlag) | (isEmphasis[id] ? Self.emphasisFlag : 0)
        }
        self.contrastMask = contrastMask
        self.blockMask = blockMask
        self.voteWeight = voteWeight
        // Valence phrases are inserted first, so they win over booster phrases with the same key.
        self.phrases = HashTable64(phrasePairs)
        self.phraseValues = phraseValues
        self.maxPhraseLength = lexicon.maxPhraseLength
        self.noID = vocabulary.id(of: "no")
        intent = parsed[0].compiled(with: vocabulary)
        refusal = parsed[1].compiled(with: vocabulary)
        theme = parsed[2].compiled(with: vocabulary)
        learned = LearnedSentiment(entries: learnedTable.entries, parameters: learnedTable.parameters, vocabulary: vocabulary)
    }

    /// Valence of a token: the guessed language first, then English, then every language (see
    /// ``SentimentLexicon/valence(of:language:)``). NaN when none.
    @inline(__always)
    func valence(of token: Tokenizer.ScanToken, language: Language?) -> Double {
        let key = Int(token.keyID), squeezed = Int(token.squeezedID)
        if token.kind != .word { return key >= 0 ? emoji[key] : .nan }
        if key < 0 && squeezed < 0 { return .nan }
        let count = vocabulary.count
        if let language {
            let base = language.rawValue * count
            if key >= 0, !valence[base + key].isNaN { return valence[base + key] }
            if squeezed >= 0, !valence[base + squeezed].isNaN { return valence[base + squeezed] }
            if key >= 0 && blockMask[key] & (1 << UInt8(language.rawValue)) != 0 { return .nan }
            if language == .english { return .nan }
            if key >= 0, !valence[key].isNaN { return valence[key] }
            if squeezed >= 0, !valence[squeezed].isNaN { return valence[squeezed] }
        }
        if key >= 0, !merged[key].isNaN { return merged[key] }
        if squeezed >= 0 { return merged[squeezed] }
        return .nan
    }

    @inline(__always)
    func booster(of token: Tokenizer.ScanToken) -> Double {
        guard token.kind == .word else { return .nan }
        if token.keyID >= 0, !booster[Int(token.keyID)].isNaN { return booster[Int(token.keyID)] }
        return token.squeezedID >= 0 ? booster[Int(token.squeezedID)] : .nan
    }

    @inline(__always)
    func isNegator(_ token: Tokenizer.ScanToken) -> Bool {
        token.kind == .word && token.keyID >= 0 && flags[Int(token.keyID)] & Self.negatorFlag != 0
    }

    @inline(__always)
    func isContrast(_ token: Tokenizer.ScanToken, language: Language?) -> Bool {
        token.kind == .word && token.keyID >= 0 && contrastMask[Int(token.keyID)] & (1 << UInt8((language ?? .english).rawValue)) != 0
    }

    /// False only for a word token neither of whose keys has a role for the scorer (``roleFlag``): then it has
    /// no valence, no booster value, starts no phrase and is no negator or contrast word.
    @inline(__always)
    func hasScoringRole(_ token: Tokenizer.ScanToken) -> Bool {
        if token.kind != .word { return true }
        let key = Int(token.keyID), squeezed = Int(token.squeezedID)
        return (key >= 0 && flags[key] & Self.roleFlag != 0) || (squeezed >= 0 && flags[squeezed] & Self.roleFlag != 0)
    }

    /// Whether the id is a word with a booster value.
    @inline(__always)
    func isBoosterWord(_ id: Int32) -> Bool {
        id >= 0 && flags[Int(id)] & Self.boosterWordFlag != 0
    }

    /// Whether the token is an emphasis emoji (see ``emphasisFlag``).
    @inline(__always)
    func isEmphasis(_ token: Tokenizer.ScanToken) -> Bool {
        token.kind != .word && token.keyID >= 0 && flags[Int(token.keyID)] & Self.emphasisFlag != 0
    }

    @inline(__always)
    func isPhraseStart(_ token: Tokenizer.ScanToken) -> Bool {
        token.keyID >= 0 && isPhraseStart[Int(token.keyID)]
    }
}
