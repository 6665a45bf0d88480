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
        var keys = Tokenizer().tokenize(term).tokens.map(\.key)
        // An elided article or negation on its own ("n'", "l'") keeps its apostrophe, as in texts.
        if keys.count == 1, term.hasSuffix("'"), !keys[0].hasSuffix("'") { keys[0] += "'" }
        return keys
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
