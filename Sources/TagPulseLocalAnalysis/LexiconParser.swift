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
        forEachItem(source) { item in
            guard let colon = item.lastIndex(of: 0x3A) else { return }
            let term = trimmed(item[..<colon])
            guard !term.isEmpty, let value = Double(String(decoding: trimmed(item[(colon + 1)...]), as: UTF8.self)) else {
                return
            }
            let keys = normalizedKeys(String(decoding: term, as: UTF8.self))
            guard !keys.isEmpty else { return }
            entries.append(Entry(term: keys.joined(separator: " "), value: value, isPhrase: keys.count > 1))
        }
        return entries
    }

    /// Parses a comma/newline separated list of terms (words or phrases) into normalised keys joined by spaces.
    static func terms(_ source: String) -> [String] {
        var result: [String] = []
        forEachItem(source) { item in
            let keys = normalizedKeys(String(decoding: item, as: UTF8.self))
            if !keys.isEmpty { result.append(keys.joined(separator: " ")) }
        }
        return result
    }

    /// Calls `body` with the UTF-8 bytes of every non-empty item of `source` (separated by commas or newlines),
    /// spaces and tabs trimmed. Bytes rather than `Character`s: it runs at start-up over every lexicon (none of
    /// which has a combining mark after a separator, where the two would differ).
    private static func forEachItem(_ source: String, _ body: (ArraySlice<UInt8>) -> Void) {
        let bytes = Array(source.utf8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x2C { end += 1 }
            let item = trimmed(bytes[start..<end])
            if !item.isEmpty { body(item) }
            start = end + 1
        }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return bytes[start..<end]
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
