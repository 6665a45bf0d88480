/// Parses the compact lexicon source format used by the `…Lexicon+<Language>.swift` files.
///
/// Entries are separated by commas or newlines; each is `term:value`, split at the last colon so
/// that emoticons such as ":)" can be terms. Terms are lower-cased and diacritic-folded; a term
/// is normalised with the same ``Tokenizer`` as the texts, so "j'adore" becomes the phrase "j' adore".
enum LexiconParser {
    struct Entry: Sendable {
        var term: String
        var value: Double
        var isPhrase: Bool
    }

    static func parse(_ source: String) -> [Entry] {
        var entries: [Entry] = []
        for line in source.split(whereSeparator: { $0 == "\n" }) {
            for raw in line.split(separator: ",") {
                let item = raw.trimmingSpaces()
                guard !item.isEmpty, let colon = item.lastIndex(of: ":") else { continue }
                let term = item[..<colon].trimmingSpaces()
                guard !term.isEmpty, let value = Double(item[item.index(after: colon)...].trimmingSpaces()) else { continue }
                let keys = normalizedKeys(term)
                guard !keys.isEmpty else { continue }
                entries.append(Entry(term: keys.joined(separator: " "), value: value, isPhrase: keys.count > 1))
            }
        }
        return entries
    }

    /// Parses a comma/newline separated list of terms (words or phrases) into normalised keys joined by spaces.
    static func terms(_ source: String) -> [String] {
        var result: [String] = []
        for raw in source.split(whereSeparator: { $0 == "\n" || $0 == "," }) {
            let keys = normalizedKeys(raw.trimmingSpaces())
            if !keys.isEmpty { result.append(keys.joined(separator: " ")) }
        }
        return result
    }

    /// The token keys of `term`, as the tokenizer would produce them for a text.
    static func normalizedKeys(_ term: String) -> [String] {
        if isPlainWord(term) { return [term] }
        var keys = Tokenizer().tokenize(term).tokens.map(\.key)
        // An elided article or negation on its own ("n'", "l'") keeps its apostrophe, as in texts.
        if keys.count == 1, term.hasSuffix("'"), !keys[0].hasSuffix("'") { keys[0] += "'" }
        return keys
    }
}

extension LexiconParser {
    /// Whether the tokenizer would return `term` itself as its only key: lower-case ASCII letters, no run
    /// of three equal letters, not laughter-like (only letters of "hajkers"). A start-up shortcut.
    static func isPlainWord(_ term: String) -> Bool {
        var previous: UInt8 = 0, run = 0
        var onlyLaughterLetters = true
        var count = 0
        for b in term.utf8 {
            guard b >= 0x61 && b <= 0x7A else { return false }
            run = b == previous ? run + 1 : 1
            if run >= 3 { return false }
            previous = b
            switch b {
            case 0x68, 0x61, 0x6A, 0x6B, 0x65, 0x72, 0x73: break
            default: onlyLaughterLetters = false
            }
            count += 1
        }
        return count > 0 && !onlyLaughterLetters && !term.hasPrefix("http")
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var start = startIndex, end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[start..<end])
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String { self[...].trimmingSpaces() }
}
