/// A multinomial logistic layer over the hand-lexicon scorer, learned from the `xlmt-<lang>-train` posts by
/// `Tests/TagPulseLocalAnalysisTests/Tools/learn-sentiment.py` (data in `SentimentLexicon+Learned.swift`).
///
/// For a text in domain `d` (the guessed language, or "undetermined"), the positive and negative logits are
/// `bias[d] + a[d]·compound + b[d]·|compound| + h[d]·[no lexicon hit] + Σ_tokens (shared[token] + local[d][token])`,
/// the neutral logit is 0 and the largest wins. Token weights are looked up by vocabulary id.
struct LearnedSentiment: Sendable {
    /// Six languages plus "undetermined".
    static let domainCount = Language.allCases.count + 1
    /// Per-domain parameters: bias, compound, |compound|, no-hit — for positive, then negative.
    static let parameterCount = 8

    /// One learned token weight before ids are known.
    struct Entry: Sendable {
        /// 0: shared by all domains; 1 + domain: that domain only; plus `domainCount + 1` inside a negation.
        var slot: Int
        /// ``KeyHash`` of the token key (the data is parsed without building a `String` per key).
        var keyHash: UInt64
        var positive: Float
        var negative: Float
    }

    let parameters: [Double]
    /// Shared plus domain weights, summed at build time so a token costs one 8-byte read:
    /// `weights[((negated * domainCount + domain) * count + id) * 2 + k]`, k 0 positive and 1 negative.
    let weights: [Float]
    let count: Int

    /// Parses the generated sources: one per slot (shared, then each domain), lines of `key positive negative`
    /// with plain decimals; a key starting with "¬" is the token's weight inside a negation's scope. A byte loop:
    /// it runs at start-up on ~20,000 lines.
    static func entries(sources: [String]) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(24_000)
        for (slot, source) in sources.enumerated() {
            var source = source
            source.withUTF8 { bytes in
                var i = 0
                let n = bytes.count
                while i < n {
                    while i < n && (bytes[i] == 0x20 || bytes[i] == 0x0A) { i += 1 }
                    guard i < n else { break }
                    var offset = 0
                    if bytes[i] == 0xC2 && i + 1 < n && bytes[i + 1] == 0xAC {  // "¬"
                        offset = domainCount + 1
                        i += 2
                    }
                    let start = i
                    while i < n && bytes[i] != 0x20 { i += 1 }
                    let hash = KeyHash.hash(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    let positive = number(bytes, &i)
                    let negative = number(bytes, &i)
                    entries.append(Entry(slot: offset + slot, keyHash: hash, positive: positive, negative: negative))
                }
            }
        }
        return entries
    }

    /// Skips spaces, then reads a plain decimal such as "-0.125".
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Float {
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        var sign: Float = 1
        if i < bytes.count && bytes[i] == 0x2D {
            sign = -1
            i += 1
        }
        var value = 0
        var scale = 1
        var fraction = false
        while i < bytes.count, bytes[i] != 0x20 && bytes[i] != 0x0A {
            if bytes[i] == 0x2E {
                fraction = true
            } else {
                value = value * 10 + Int(bytes[i] &- 0x30)
                if fraction { scale *= 10 }
            }
            i += 1
        }
        return sign * Float(value) / Float(scale)
    }

    init(entries: [Entry], parameters: [Double], vocabulary: Vocabulary) {
        let count = vocabulary.count
        let slots = Self.domainCount + 1
        var weights = [Float](repeating: 0, count: 2 * Self.domainCount * count * 2)
        for entry in entries {
            let id = Int(vocabulary.id(ofHash: entry.keyHash))
            let negated = entry.slot / slots
            let slot = entry.slot % slots
            for domain in slot == 0 ? 0..<Self.domainCount : (slot - 1)..<slot {
                let base = ((negated * Self.domainCount + domain) * count + id) * 2
                weights[base] += entry.positive
                weights[base + 1] += entry.negative
            }
        }
        precondition(parameters.count == Self.domainCount * Self.parameterCount, "learned parameters are incomplete")
        self.parameters = parameters
        self.weights = weights
        self.count = count
    }

    /// Calls `body(index, negated)` for every token: a token is negated when one of the three tokens before it
    /// is a negator ("not", "pas", "nicht"…) with no "!"/"?" between (the negator itself is not). Boosters
    /// ("very", "sehr") are skipped: they neither get a weight nor use up the negation's scope.
    @inline(__always)
    static func forEachToken(_ scan: Tokenizer.Scan, tables: AnalysisTables, _ body: (Int, Bool) -> Void) {
        var scope = 0
        for (index, token) in scan.tokens.enumerated() {
            if tables.isNegator(token) {
                body(index, false)
                scope = 3
                continue
            }
            if token.kind == .punctuation { scope = 0 }
            // Intensifiers are left to the hand scorer (they scale the compound score).
            if token.kind == .word
                && (tables.isBoosterWord(token.keyID) || tables.isBoosterWord(token.squeezedID))
            {
                continue
            }
            body(index, scope > 0)
            scope -= 1
        }
    }

    /// Positive and negative logits (the neutral logit is 0).
    @inline(__always)
    func logits(
        _ scan: Tokenizer.Scan,
        evidence: SentimentScorer.Evidence,
        language: Language?,
        tables: AnalysisTables
    ) -> (Double, Double) {
        let domain = language?.rawValue ?? Language.allCases.count
        var positive: Float = 0
        var negative: Float = 0
        let plain = domain * count * 2
        let negated = (Self.domainCount + domain) * count * 2
        weights.withUnsafeBufferPointer { w in
            scan.tokens.withUnsafeBufferPointer { tokens in
                Self.forEachToken(scan, tables: tables) { index, isNegated in
                    let id = Int(tokens[index].squeezedID)
                    if id < 0 { return }
                    let base = (isNegated ? negated : plain) + id * 2
                    positive += w[base]
                    negative += w[base + 1]
                }
            }
        }
        var p = Double(positive)
        var n = Double(negative)
        let c = evidence.compound
        let noHit = evidence.hits == 0 ? 1.0 : 0.0
        let q = domain * Self.parameterCount
        p += parameters[q] + parameters[q + 1] * c + parameters[q + 2] * abs(c) + parameters[q + 3] * noHit
        n += parameters[q + 4] + parameters[q + 5] * c + parameters[q + 6] * abs(c) + parameters[q + 7] * noHit
        return (p, n)
    }

    /// The label and a score in -1...1 consistent with it: outside the neutral band for a polar label (growing
    /// with the winning margin), inside it for neutral.
    static func decide(positive: Double, negative: Double, band: Double) -> (Sentiment, Double) {
        if positive > 0 && positive >= negative {
            let margin = positive - max(negative, 0)
            return (.positive, band + (1 - band) * margin / (margin + 1))
        }
        if negative > 0 {
            let margin = negative - max(positive, 0)
            return (.negative, -band - (1 - band) * margin / (margin + 1))
        }
        let lean = positive - negative
        return (.neutral, band * 0.99 * lean / (abs(lean) + 1))
    }
}
