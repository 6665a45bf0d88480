import Foundation

/// Checks that a quote the model attributes to a comment (or the caption) really occurs in that text, so invented
/// or injected text can never be passed off as a real commenter's words. Both sides are compared in Unicode NFC,
/// case-folded, with every run of whitespace as one space and the ends trimmed; an empty quote never matches.
enum QuoteVerifier {
    static func occurs(_ quote: String, in source: String) -> Bool {
        let needle = Self.normalized(quote)
        return !needle.isEmpty && Self.normalized(source).contains(needle)
    }

    static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }
}
