/// Splits a text into word, emoji, emoticon and "!"/"?" tokens in one pass over its unicode scalars.
///
/// Mentions ("@user") and links ("http…", "www.…") are dropped, hashtags become plain words,
/// words are lower-cased with diacritics folded ("Très" -> "tres"), elongations are collapsed
/// ("sooo" -> "soo" / "so"), laughter is normalised ("hahahah" -> "haha") and French/Italian
/// elisions are split ("n'est" -> "n'", "est").
struct Tokenizer: Sendable {
    /// Tokens of a text plus a few whole-text statistics.
    struct Result: Sendable {
        var tokens: [Token] = []
        var exclamations = 0
        var questions = 0
        /// Number of word tokens written in ALL CAPS.
        var allCapsWords = 0
        /// Number of word tokens that contain a letter.
        var letterWords = 0
    }

    /// When true, ``Token/surface`` keeps diacritics (needed for prompt keywords); otherwise it equals the key.
    var keepSurface = false

    static let emoticons: Set<String> = [
        ":)", ":-)", ":))", ":)))", ":]", "=)", ":d", ":-d", "xd", ";)", ";-)", ";d", ":p", ":-p", "<3", "<33",
        "<333", "^^", "^_^", "^.^", ":*", ":(", ":-(", ":((", ":'(", ":/", ":-/", ":|", "-_-", "t_t", "t.t",
        ":@", ">:(", "d:", ":c", ":o", "8)", "(:", "):",
    ]

    static let elisionPrefixes: Set<String> = [
        "l", "d", "j", "n", "c", "s", "m", "t", "qu", "un", "dell", "all", "nell", "sull", "dall", "quell", "anch", "com",
    ]

    func tokenize(_ text: String) -> Result {
        let scalars = Array(text.unicodeScalars)
        var result = Result()
        result.tokens.reserveCapacity(scalars.count / 4 + 2)
        let n = scalars.count
        var i = 0
        while i < n {
            while i < n && Self.isSpace(scalars[i]) { i += 1 }
            let start = i
            while i < n && !Self.isSpace(scalars[i]) { i += 1 }
            if start < i { tokenizeChunk(scalars, start, i, into: &result) }
        }
        return result
    }

    private func tokenizeChunk(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, into result: inout Result) {
        let first = s[start]
        if first == "@" { return }
        if end - start >= 4 {
            let a = Self.lowerASCII(s[start]), b = Self.lowerASCII(s[start + 1])
            let c = Self.lowerASCII(s[start + 2]), d = Self.lowerASCII(s[start + 3])
            if (a == "h" && b == "t" && c == "t" && d == "p") || (a == "w" && b == "w" && c == "w" && d == ".") { return }
        }
        if end - start <= 4 && end - start >= 2 {
            var ascii = String.UnicodeScalarView()
            var allASCII = true
            for k in start..<end {
                guard s[k].isASCII else { allASCII = false; break }
                ascii.append(Self.lowerASCII(s[k]))
            }
            if allASCII {
                let candidate = String(ascii)
                if Self.emoticons.contains(candidate) {
                    result.tokens.append(
                        Token(kind: .emoticon, key: candidate, squeezed: candidate, surface: candidate, isAllCaps: false, isElongated: false)
                    )
                    return
                }
            }
        }
        var j = start
        while j < end {
            let scalar = s[j]
            if Self.isWordScalar(scalar) {
                var wordEnd = j + 1
                while wordEnd < end {
                    let next = s[wordEnd]
                    if Self.isWordScalar(next) || Self.isCombiningMark(next) {
                        wordEnd += 1
                    } else if Self.isApostrophe(next) && wordEnd + 1 < end && Self.isWordScalar(s[wordEnd + 1]) {
                        wordEnd += 1
                    } else {
                        break
                    }
                }
                appendWord(s, j, wordEnd, into: &result)
                j = wordEnd
                continue
            }
            switch scalar {
            case "!", "¡":
                var k = j
                while k < end && (s[k] == "!" || s[k] == "¡") { k += 1 }
                if scalar == "!" { result.exclamations += k - j }
                result.tokens.append(Self.punctuation("!"))
                j = k
            case "?", "¿":
                var k = j
                while k < end && (s[k] == "?" || s[k] == "¿") { k += 1 }
                if scalar == "?" { result.questions += k - j }
                if scalar == "?" { result.tokens.append(Self.punctuation("?")) }
                j = k
            default:
                if Self.isEmoji(scalar) {
                    let key = String(scalar)
                    result.tokens.append(Token(kind: .emoji, key: key, squeezed: key, surface: key, isAllCaps: false, isElongated: false))
                }
                j += 1
            }
        }
    }

    private func appendWord(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, into result: inout Result) {
        var lowered = String.UnicodeScalarView()
        var upper = 0, lower = 0
        for k in start..<end {
            let scalar = Self.normalizedApostrophe(s[k])
            let v = scalar.value
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A { upper += 1 } else if v >= 0x61 && v <= 0x7A { lower += 1 }
            } else if scalar.properties.isUppercase {
                upper += 1
            } else if scalar.properties.isLowercase {
                lower += 1
            }
            Self.appendLowercased(scalar, to: &lowered)
        }
        var folded = [Unicode.Scalar]()
        folded.reserveCapacity(lowered.count)
        var foldedView = String.UnicodeScalarView()
        for scalar in lowered { Self.appendFolded(scalar, to: &foldedView) }
        folded.append(contentsOf: foldedView)
        if upper + lower > 0 { result.letterWords += 1 }
        let isAllCaps = upper >= 2 && lower == 0
        if isAllCaps { result.allCapsWords += 1 }

        // French / Italian elision: "n'est" -> "n'" + "est".
        if let apostrophe = folded.firstIndex(of: "'") {
            let prefix = String(String.UnicodeScalarView(folded[..<apostrophe]))
            if Self.elisionPrefixes.contains(prefix) {
                let elided = prefix + "'"
                result.tokens.append(Token(kind: .word, key: elided, squeezed: elided, surface: elided, isAllCaps: isAllCaps, isElongated: false))
                folded.removeSubrange(...apostrophe)
                if let surfaceApostrophe = lowered.firstIndex(of: "'") {
                    lowered.removeSubrange(...surfaceApostrophe)
                }
                if folded.isEmpty { return }
            }
        }
        if let laughter = Self.laughter(folded) {
            result.tokens.append(Token(kind: .word, key: laughter, squeezed: laughter, surface: laughter, isAllCaps: false, isElongated: false))
            return
        }
        var key = String.UnicodeScalarView()
        var squeezed = String.UnicodeScalarView()
        var elongated = false
        var k = 0
        while k < folded.count {
            var run = k + 1
            while run < folded.count && folded[run] == folded[k] { run += 1 }
            let length = run - k
            if length >= 3 && Self.isLetter(folded[k]) { elongated = true }
            key.append(folded[k])
            if length >= 2 { key.append(folded[k]) }
            squeezed.append(folded[k])
            k = run
        }
        let keyString = String(key)
        let squeezedString = elongated ? String(squeezed) : keyString
        let surface = keepSurface ? String(lowered) : keyString
        result.tokens.append(
            Token(kind: .word, key: keyString, squeezed: squeezedString, surface: surface, isAllCaps: isAllCaps, isElongated: elongated)
        )
    }

    /// "hahaha", "jajaja", "kkkk", "hehe", "rsrs" -> a canonical laughter token.
    private static func laughter(_ folded: [Unicode.Scalar]) -> String? {
        guard folded.count >= 3 else { return nil }
        var h = 0, a = 0, j = 0, k = 0, e = 0, r = 0, s = 0, other = 0
        for scalar in folded {
            switch scalar {
            case "h": h += 1
            case "a": a += 1
            case "j": j += 1
            case "k": k += 1
            case "e": e += 1
            case "r": r += 1
            case "s": s += 1
            default: other += 1
            }
        }
        if other > 0 { return nil }
        let n = folded.count
        if h + a == n && h >= 2 && a >= 1 { return "haha" }
        if j + a == n && j >= 2 && a >= 1 { return "jaja" }
        if h + e == n && h >= 2 && e >= 1 { return "haha" }
        if j + e == n && j >= 2 && e >= 1 { return "jaja" }
        if k == n { return "kkk" }
        if r + s == n && r >= 2 && s >= 2 { return "rsrs" }
        return nil
    }

    private static func punctuation(_ key: String) -> Token {
        Token(kind: .punctuation, key: key, squeezed: key, surface: key, isAllCaps: false, isElongated: false)
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    @inline(__always)
    static func lowerASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar
    }

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) }
        if v >= 0x2000 { return v >= 0x3000 && scalar.properties.isAlphabetic }
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && scalar.value <= 0x36F
    }

    @inline(__always)
    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2019, 0x2018, 0x02BC: return true
        default: return false
        }
    }

    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x2190 { return false }
        if v == 0x200D || v == 0xFE0F || v == 0xFE0E || v == 0x20E3 { return false }
        if (0x1F3FB...0x1F3FF).contains(v) || (0x1F1E6...0x1F1FF).contains(v) || (0xE0020...0xE007F).contains(v) { return false }
        return scalar.properties.isEmoji
    }
}
