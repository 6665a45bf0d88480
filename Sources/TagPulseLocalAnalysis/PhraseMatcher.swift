/// Finds cue phrases (sequences of token keys) in a token list with dictionary lookups on the first
/// token. A single-word cue ending in "*" matches any word with that prefix (e.g. "deliver*").
struct PhraseMatcher: Sendable {
    struct Cue: Sendable {
        var keys: [String]
        var label: Int
        var weight: Double
    }

    struct Match: Sendable {
        var label: Int
        var weight: Double
        var start: Int
        var length: Int
    }

    private var byFirstKey: [String: [Cue]] = [:]
    /// Prefix cues indexed by their first three characters.
    private var prefixes: [String: [(prefix: String, cue: Cue)]] = [:]

    /// - Parameter sources: per label, a comma/newline separated list of `cue` or `cue:weight`.
    init(sources: [(label: Int, source: String)]) {
        for (label, source) in sources {
            for raw in source.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
                var text = String(raw)
                var weight = 1.0
                if let colon = text.lastIndex(of: ":"), let w = Double(text[text.index(after: colon)...]) {
                    weight = w
                    text = String(text[..<colon])
                }
                let trimmed = text.split(separator: " ").joined(separator: " ")
                guard !trimmed.isEmpty else { continue }
                if trimmed.hasSuffix("*") {
                    let prefix = Tokenizer.fold(String(trimmed.dropLast()))
                    guard prefix.count >= 3 else { continue }
                    prefixes[String(prefix.prefix(3)), default: []].append((prefix, Cue(keys: [prefix], label: label, weight: weight)))
                    continue
                }
                let keys = LexiconParser.normalizedKeys(trimmed)
                guard let first = keys.first else { continue }
                byFirstKey[first, default: []].append(Cue(keys: keys, label: label, weight: weight))
            }
        }
    }

    /// All matches in token order; at one position every matching cue is reported.
    func matches(in tokens: [Token]) -> [Match] {
        var found: [Match] = []
        for (i, token) in tokens.enumerated() {
            if let cues = byFirstKey[token.key] ?? (token.squeezed != token.key ? byFirstKey[token.squeezed] : nil) {
                for cue in cues where Self.matches(cue.keys, tokens, at: i) {
                    found.append(Match(label: cue.label, weight: cue.weight, start: i, length: cue.keys.count))
                }
            }
            if token.kind == .word, token.key.utf8.count >= 3, !prefixes.isEmpty,
                let candidates = prefixes[String(token.key.prefix(3))]
            {
                for candidate in candidates where token.key.hasPrefix(candidate.prefix) {
                    found.append(Match(label: candidate.cue.label, weight: candidate.cue.weight, start: i, length: 1))
                }
            }
        }
        return found
    }

    private static func matches(_ keys: [String], _ tokens: [Token], at start: Int) -> Bool {
        guard start + keys.count <= tokens.count else { return false }
        for (offset, key) in keys.enumerated() where !tokens[start + offset].matches(key) {
            return false
        }
        return true
    }
}
