/// Best-effort language identification for short texts from stop words, lexicon words and a few
/// orthographic cues (ñ, ã, ß, "¿"…). Returns nil ("und") when the evidence is too weak or tied.
struct LanguageGuesser: Sendable {
    static let shared = LanguageGuesser()

    let tables: AnalysisTables

    init(tables: AnalysisTables = .shared) {
        self.tables = tables
    }

    /// For each vocabulary id: the languages the word votes for (a bit per ``Language``) and the weight of each
    /// vote — 1 / (number of languages) for a stop word (its lexicon languages included), else 0.6 / (number of
    /// lexicons with the word). Computed by id, without a dictionary of strings.
    static func votes(vocabulary: Vocabulary) -> (mask: [UInt8], weight: [Double]) {
        var stopMasks = [UInt8](repeating: 0, count: vocabulary.count)
        var lexiconMasks = [UInt8](repeating: 0, count: vocabulary.count)
        let stopWords = StopWords.shared
        for language in Language.allCases {
            let bit = UInt8(1) << UInt8(language.rawValue)
            for word in stopWords.byLanguage[language.rawValue] { stopMasks[Int(vocabulary.id(of: word))] |= bit }
            for word in SentimentLexicon.shared.words[language.rawValue].keys {
                lexiconMasks[Int(vocabulary.id(of: word))] |= bit
            }
        }
        var masks = [UInt8](repeating: 0, count: vocabulary.count)
        var weights = [Double](repeating: 0, count: vocabulary.count)
        for id in 0..<vocabulary.count {
            if stopMasks[id] != 0 {
                masks[id] = stopMasks[id] | lexiconMasks[id]
                weights[id] = 1.0 / Double(masks[id].nonzeroBitCount)
            } else if lexiconMasks[id] != 0 {
                masks[id] = lexiconMasks[id]
                weights[id] = 0.6 / Double(masks[id].nonzeroBitCount)
            }
        }
        return (masks, weights)
    }

    /// The language of a text, from its scan and its UTF-8 bytes.
    func guess(utf8 bytes: UnsafeBufferPointer<UInt8>, scan: Tokenizer.Scan) -> Language? {
        var scores: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &scores) { raw -> Language? in
            let scores = raw.bindMemory(to: Double.self)
            for token in scan.tokens where token.kind == .word && token.keyID >= 0 {
                var mask = UInt8(truncatingIfNeeded: tables.flags[Int(token.keyID)] & 0x3F)
                if mask == 0 { continue }
                let weight = tables.voteWeight[Int(token.keyID)]
                var index = 0
                while mask != 0 {
                    if mask & 1 == 1 { scores[index] += weight }
                    mask >>= 1
                    index += 1
                }
            }
            if scan.hasNonASCII {
                // Every cue is a scalar from U+00A1 to U+07FF: a two-byte UTF-8 sequence, whose lead byte is
                // C2…DF and appears nowhere else in valid UTF-8. Bytes, not `unicodeScalars`: no decoding pass.
                do {
                    var i = 0
                    while i + 1 < bytes.count {
                        let lead = bytes[i]
                        i += 1
                        guard lead >= 0xC2 && lead <= 0xDF else { continue }
                        let v = UInt32(lead & 0x1F) << 6 | UInt32(bytes[i] & 0x3F)
                        i += 1
                        switch v {
                        case 0xF1, 0xD1, 0xBF, 0xA1: scores[Language.spanish.rawValue] += 1.5  // ñ ¿ ¡
                        case 0xE3, 0xF5, 0xC3, 0xD5: scores[Language.portuguese.rawValue] += 1.5  // ã õ
                        case 0xEA, 0xF4, 0xE2:  // ê ô â
                            scores[Language.portuguese.rawValue] += 0.5
                            scores[Language.french.rawValue] += 0.5
                        case 0xE7:  // ç
                            scores[Language.portuguese.rawValue] += 0.5
                            scores[Language.french.rawValue] += 0.5
                        case 0xDF, 0xE4, 0xF6, 0xFC, 0xC4, 0xD6, 0xDC: scores[Language.german.rawValue] += 1.5  // ß ä ö ü
                        case 0xE8, 0xF9, 0xEC, 0xF2:  // è ù ì ò
                            scores[Language.italian.rawValue] += 0.5
                            scores[Language.french.rawValue] += 0.3
                        case 0xE0: scores[Language.french.rawValue] += 0.3; scores[Language.italian.rawValue] += 0.3
                        case 0xE9: scores[Language.french.rawValue] += 0.2
                        case 0x153, 0xEB, 0xEF: scores[Language.french.rawValue] += 1.0  // œ ë ï
                        default: break
                        }
                    }
                }
            }
            var best = -1
            var bestScore = 0.0
            var second = 0.0
            for index in 0..<AnalysisTables.languageCount {
                let score = scores[index]
                if score > bestScore {
                    second = bestScore
                    bestScore = score
                    best = index
                } else if score > second {
                    second = score
                }
            }
            guard best >= 0, bestScore >= 0.75, bestScore > second else { return nil }
            return Language(rawValue: best)
        }
    }
}
