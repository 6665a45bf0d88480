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
        case booster(Double, caps: Bool, elongated: Bool)
        case negator
        case postNegator
        case contrast
        case other
    }

    let lexicon: SentimentLexicon

    init(lexicon: SentimentLexicon = .shared) {
        self.lexicon = lexicon
    }

    func score(_ tokenized: Tokenizer.Result, language: Language?) -> Evidence {
        let units = self.units(tokenized.tokens, language: language, tokenized: tokenized)
        var values: [Double] = []
        values.reserveCapacity(8)
        var contrastAt = -1
        for (index, unit) in units.enumerated() {
            switch unit {
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
            default:
                continue
            }
        }
        if values.isEmpty { return Evidence(compound: 0, hits: 0, magnitude: 0, mixed: false) }
        var sum = 0.0
        var magnitude = 0.0
        var positive = false, negative = false
        for (i, value) in values.enumerated() {
            var v = value
            if contrastAt > 0 { v *= i < contrastAt ? 0.5 : 1.5 }
            sum += v
            magnitude += abs(v)
            if v > 0.05 { positive = true } else if v < -0.05 { negative = true }
        }
        if sum != 0 && tokenized.exclamations > 0 {
            let bonus = Double(min(tokenized.exclamations, 4)) * Self.exclamationIncrement
            sum += sum > 0 ? bonus : -bonus
        }
        let compound = sum / (sum * sum + Self.alpha).squareRoot()
        return Evidence(compound: max(-1, min(1, compound)), hits: values.count, magnitude: magnitude, mixed: positive && negative)
    }

    /// Turns tokens into scoring units, matching phrases first (longest wins).
    private func units(_ tokens: [Token], language: Language?, tokenized: Tokenizer.Result) -> [Unit] {
        let capsMatter = tokenized.allCapsWords > 0 && tokenized.allCapsWords < tokenized.letterWords
        var units: [Unit] = []
        units.reserveCapacity(tokens.count)
        var i = 0
        var lastEmoji = ""
        var emojiRepeats = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .punctuation:
                i += 1
                continue
            case .emoji, .emoticon:
                if token.key == lastEmoji { emojiRepeats += 1 } else { lastEmoji = token.key; emojiRepeats = 0 }
                if emojiRepeats < 3, let v = lexicon.emoji[token.key] {
                    units.append(.valence(v, caps: false, elongated: false))
                } else {
                    units.append(.other)
                }
                i += 1
                continue
            case .word:
                lastEmoji = ""
            }
            if lexicon.phraseStarts.contains(token.key), let (unit, length) = phrase(at: i, in: tokens) {
                units.append(unit)
                i += length
                continue
            }
            let caps = capsMatter && token.isAllCaps
            if lexicon.isNegator(token) {
                units.append(lexicon.postNegators.contains(token.key) && (language == .french || language == .german) ? .postNegator : .negator)
            } else if lexicon.isContrast(token, language: language) {
                units.append(.contrast)
            } else if let b = lexicon.booster(of: token), nextHasValence(after: i, in: tokens, language: language) {
                units.append(.booster(b, caps: caps, elongated: token.isElongated))
            } else if let v = lexicon.valence(of: token, language: language) {
                units.append(.valence(v, caps: caps, elongated: token.isElongated))
            } else {
                units.append(.other)
            }
            i += 1
        }
        return units
    }

    private func nextHasValence(after index: Int, in tokens: [Token], language: Language?) -> Bool {
        var j = index + 1
        while j < tokens.count && j <= index + 2 {
            let next = tokens[j]
            if next.kind == .punctuation { return false }
            if lexicon.valence(of: next, language: language) != nil || lexicon.phraseStarts.contains(next.key) { return true }
            if lexicon.booster(of: next) == nil { return false }
            j += 1
        }
        return false
    }

    private func phrase(at index: Int, in tokens: [Token]) -> (Unit, Int)? {
        let longest = min(lexicon.maxPhraseLength, tokens.count - index)
        guard longest >= 2 else { return nil }
        var key = tokens[index].key
        var candidates: [(String, Int)] = []
        for length in 2...longest {
            let next = tokens[index + length - 1]
            guard next.kind == .word || next.kind == .punctuation else { break }
            key += " " + next.key
            candidates.append((key, length))
        }
        for (key, length) in candidates.reversed() {
            if let v = lexicon.phrases[key] { return (.valence(v, caps: false, elongated: false), length) }
            if let b = lexicon.boosterPhrases[key] { return (.booster(b, caps: false, elongated: false), length) }
        }
        return nil
    }
}
