/// A multinomial logistic layer over the hand-lexicon scorer, learned from the `xlmt-<lang>-train` posts by
/// `scripts/learn-sentiment` (data in `Tables/learned-sentiment.tsv`, compiled in by the EmbedPlugin build-tool plugin).
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

    /// The parsed table: per-domain parameters and the token weights.
    struct Table: Sendable {
        var parameters: [Double]
        var entries: [Entry]
    }

    struct InvalidTable: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `Tables/learned-sentiment.tsv` (its header describes the format): `parameters` lines, then per slot a
    /// `[slot]` line and lines of `key<TAB>positive<TAB>negative` with plain decimals. A byte loop for the weights:
    /// it runs at start-up on ~21,000 lines.
    static func table(_ text: String) throws(InvalidTable) -> Table {
        let domains = Language.allCases.map(\.code) + [Language.undeterminedCode]
        var parameters = [Double](repeating: .nan, count: domainCount * parameterCount)
        var entries: [Entry] = []
        entries.reserveCapacity(24_000)
        var slot = -1
        var text = text
        let failure: InvalidTable? = text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            var lineNumber = 0
            while i < n {
                lineNumber += 1
                let start = i
                while i < n && bytes[i] != 0x0A { i += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                guard let first = line.first, first != 0x23 else { continue }  // empty or "#"
                if first == 0x5B {  // "[slot]"
                    let name = String(decoding: line.dropFirst().dropLast(), as: UTF8.self)
                    guard line.last == 0x5D, let index = name == "*" ? -1 : domains.firstIndex(of: name) else {
                        return InvalidTable(description: "line \(lineNumber): unknown slot")
                    }
                    slot = index + 1
                    continue
                }
                if slot < 0 {
                    let fields = String(decoding: line, as: UTF8.self).split(separator: "\t")
                    guard fields.count == 2 + parameterCount, fields[0] == "parameters",
                        let domain = domains.firstIndex(of: String(fields[1]))
                    else { return InvalidTable(description: "line \(lineNumber): expected a parameters line") }
                    for (k, field) in fields.dropFirst(2).enumerated() {
                        guard let value = Double(field) else {
                            return InvalidTable(description: "line \(lineNumber): \(field) is not a number")
                        }
                        parameters[domain * parameterCount + k] = value
                    }
                    continue
                }
                var j = 0
                var offset = 0
                if line.count > 2 && line[0] == 0xC2 && line[1] == 0xAC {  // "¬"
                    offset = domainCount + 1
                    j = 2
                }
                let keyStart = j
                while j < line.count && line[j] != 0x09 { j += 1 }
                guard j > keyStart && j < line.count else {
                    return InvalidTable(description: "line \(lineNumber): expected key, positive, negative")
                }
                let hash = KeyHash.hash(UnsafeBufferPointer(rebasing: line[keyStart..<j]))
                let positive = number(line, &j)
                let negative = number(line, &j)
                entries.append(Entry(slot: offset + slot, keyHash: hash, positive: positive, negative: negative))
            }
            return nil
        }
        if let failure { throw failure }
        guard !parameters.contains(where: \.isNaN) else { throw InvalidTable(description: "parameters are missing") }
        return Table(parameters: parameters, entries: entries)
    }

    /// Skips a tab, then reads a plain decimal such as "-0.125".
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Float {
        while i < bytes.count && bytes[i] == 0x09 { i += 1 }
        var sign: Float = 1
        if i < bytes.count && bytes[i] == 0x2D {
            sign = -1
            i += 1
        }
        var value = 0
        var scale = 1
        var fraction = false
        while i < bytes.count, bytes[i] != 0x09 {
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
    /// ("very", "sehr") and emphasis emoji (😭) are skipped: they neither get a weight nor use up the negation's scope.
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
            // Emphasis emoji (😭) only strengthen the hand scorer's compound score.
            if tables.isEmphasis(token) { continue }
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
