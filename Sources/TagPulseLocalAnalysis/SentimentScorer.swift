/// VADER-style compound sentiment over tokens: lexicon valences, phrases, negation, boosters,
/// ALL CAPS and elongation emphasis, "but" clauses and exclamation marks, normalised to -1...1.
struct SentimentScorer: Sendable {
    /// What the scorer found in a text.
    struct Evidence: Sendable, Equatable {
        /// Compound score in -1...1.
        var compound: Double
        /// Number of tokens/phrases that carried a valence.
        var hits: Int
        /// Sum of absolute valences after modifiers (before normalisation).
        var magnitude: Double
        /// Whether positive and negative evidence were both present.
        var mixed: Bool
    }

    /// Scores inside -neutralBand...neutralBand are neutral.
    static let neutralBand = 0.05

    static let negationScalar = -0.74
    static let capsIncrement = 0.733
    static let elongationIncrement = 0.293
    static let exclamationIncrement = 0.292
    static let alpha = 15.0

    private enum Unit {
        case valence(Double, caps: Bool, elongated: Bool)
        /// An emoji's valence: the writer's own feeling, never flipped by a negation ("still nothing 😡") nor boosted.
        case emoji(Double)
        case booster(Double, caps: Bool, elongated: Bool)
        case negator
        case postNegator
        case contrast
        case other
    }

    let tables: AnalysisTables

    init(tables: AnalysisTables = .shared) {
        self.tables = tables
    }

    func score(_ scan: Tokenizer.Scan, language: Language?) -> Evidence {
        // A token yields at most one unit and a unit at most one value: scratch memory, no arrays per text.
        let capacity = scan.tokens.count + 1
        return withUnsafeTemporaryAllocation(of: Unit.self, capacity: capacity) { unitBuffer in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { valueBuffer in
                var units = ScratchList(base: unitBuffer)
                let emphasis = self.units(scan, language: language, into: &units)
                var values = ScratchList(base: valueBuffer)
                return score(units: units, values: &values, exclamations: scan.exclamations + emphasis)
            }
        }
    }

    private func score(units: ScratchList<Unit>, values: inout ScratchList<Double>, exclamations: Int) -> Evidence {
        var contrastAt = -1
        for index in 0..<units.count {
            switch units[index] {
            case .contrast:
                contrastAt = values.count
                continue
            case .valence(var v, let caps, let elongated):
                if caps { v += v > 0 ? Self.capsIncrement : -Self.capsIncrement }
                if elongated { v += v > 0 ? Self.elongationIncrement : -Self.elongationIncrement }
                var negated = false
                var back = 1
                var seen = 0
                while seen < 3 && index - back >= 0 {
                    let previous = units[index - back]
                    back += 1
                    switch previous {
                    case .booster(var b, let bCaps, let bElongated):
                        if bElongated { b *= 1.5 }
                        if bCaps && b > 0 { b += Self.capsIncrement * 0.5 }
                        let decay = seen == 0 ? 1.0 : (seen == 1 ? 0.95 : 0.9)
                        v += (v > 0 ? b : -b) * decay
                    case .negator, .postNegator:
                        negated = true
                    case .contrast:
                        seen = 3
                        continue
                    default:
                        break
                    }
                    seen += 1
                }
                if !negated {
                    var ahead = index + 1
                    while ahead < units.count && ahead <= index + 2 {
                        if case .postNegator = units[ahead] { negated = true; break }
                        if case .contrast = units[ahead] { break }
                        ahead += 1
                    }
                }
                if negated { v *= Self.negationScalar }
                values.append(v)
            case .emoji(let v):
                values.append(v)
            default:
                continue
            }
        }
        if values.count == 0 { return Evidence(compound: 0, hits: 0, magnitude: 0, mixed: false) }
        var sum = 0.0
        var magnitude = 0.0
        var positive = false, negative = false
        for i in 0..<values.count {
            var v = values[i]
            if contrastAt > 0 { v *= i < contrastAt ? 0.5 : 1.5 }
            sum += v
            magnitude += abs(v)
            if v > 0.05 { positive = true } else if v < -0.05 { negative = true }
        }
        if sum != 0 && exclamations > 0 {
            let bonus = Double(min(exclamations, 4)) * Self.exclamationIncrement
            sum += sum > 0 ? bonus : -bonus
        }
        let compound = sum / (sum * sum + Self.alpha).squareRoot()
        return Evidence(compound: max(-1, min(1, compound)), hits: values.count, magnitude: magnitude, mixed: positive && negative)
    }

    /// Turns tokens into scoring units, matching phrases first (longest wins); returns the number of emphasis emoji
    /// (they count as exclamation marks).
    private func units(_ scan: Tokenizer.Scan, language: Language?, into units: inout ScratchList<Unit>) -> Int {
        let tokens = scan.tokens
        let capsMatter = scan.allCapsWords > 0 && scan.allCapsWords < scan.letterWords
        let frenchOrGerman = language == .french || language == .german
        var i = 0
        var lastEmoji: UInt64 = 0
        var hasLastEmoji = false
        var emojiRepeats = 0
        var emphasis = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .punctuation:
                i += 1
                continue
            case .emoji, .emoticon:
                if tables.isEmphasis(token) {
                    emphasis += 1
                    units.append(.other)
                    i += 1
                    continue
                }
                if hasLastEmoji && token.keyHash == lastEmoji {
                    emojiRepeats += 1
                } else {
                    lastEmoji = token.keyHash
                    hasLastEmoji = true
                    emojiRepeats = 0
                }
                let v = token.keyID >= 0 ? tables.emoji[Int(token.keyID)] : .nan
                units.append(emojiRepeats < 3 && !v.isNaN ? .emoji(v) : .other)
                i += 1
                continue
            case .word:
                hasLastEmoji = false
            }
            if !tables.hasScoringRole(token) {
                units.append(.other)
                i += 1
                continue
            }
            if tables.isPhraseStart(token), let (unit, length) = phrase(at: i, in: tokens) {
                units.append(unit)
                i += length
                continue
            }
            let caps = capsMatter && token.isAllCaps
            if tables.isNegator(token) {
                units.append(tables.isPostNegator[Int(token.keyID)] && frenchOrGerman ? .postNegator : .negator)
            } else if tables.isContrast(token, language: language) {
                units.append(.contrast)
            } else if case let b = tables.booster(of: token), !b.isNaN, nextHasValence(after: i, in: tokens, language: language) {
                units.append(.booster(b, caps: caps, elongated: token.isElongated))
            } else if case let v = tables.valence(of: token, language: language), !v.isNaN {
                units.append(.valence(v, caps: caps, elongated: token.isElongated))
            } else {
                units.append(.other)
            }
            i += 1
        }
        return emphasis
    }

    private func nextHasValence(after index: Int, in tokens: [Tokenizer.ScanToken], language: Language?) -> Bool {
        var j = index + 1
        while j < tokens.count && j <= index + 2 {
            let next = tokens[j]
            if next.kind == .punctuation { return false }
            if !tables.hasScoringRole(next) { return false }
            if !tables.valence(of: next, language: language).isNaN || tables.isPhraseStart(next) { return true }
            if tables.booster(of: next).isNaN { return false }
            j += 1
        }
        return false
    }

    private func phrase(at index: Int, in tokens: [Tokenizer.ScanToken]) -> (Unit, Int)? {
        let longest = min(tables.maxPhraseLength, tokens.count - index)
        guard longest >= 2 else { return nil }
        var hashes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var h = KeyHash.combine(KeyHash.offset, tokens[index].keyID)
        var candidates = 0
        withUnsafeMutableBytes(of: &hashes) { raw in
            let slots = raw.bindMemory(to: UInt64.self)
            for length in 2...min(longest, 9) {
                let next = tokens[index + length - 1]
                guard next.kind == .word || next.kind == .punctuation, next.keyID >= 0 else { break }
                h = KeyHash.combine(h, next.keyID)
                slots[length - 2] = h
                candidates = length - 1
            }
        }
        guard candidates > 0 else { return nil }
        return withUnsafeBytes(of: &hashes) { raw -> (Unit, Int)? in
            let slots = raw.bindMemory(to: UInt64.self)
            for c in stride(from: candidates - 1, through: 0, by: -1) {
                let found = tables.phrases.lookup(slots[c])
                if found >= 0 {
                    let entry = tables.phraseValues[Int(found)]
                    let unit: Unit =
                        entry.isBooster
                        ? .booster(entry.value, caps: false, elongated: false) : .valence(entry.value, caps: false, elongated: false)
                    return (unit, c + 2)
                }
            }
            return nil
        }
    }
}
