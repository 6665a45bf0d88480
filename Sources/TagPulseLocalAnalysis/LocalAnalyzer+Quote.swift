extension LocalAnalyzer {
    /// Cuts `text` to at most `maxLength` Characters (grapheme clusters), preferring the last word
    /// boundary, and appends "…" (counted in `maxLength`) when it cut. Emoji and other grapheme clusters
    /// are never split. Texts already short enough are returned unchanged; `maxLength <= 0` gives "".
    public static func quote(_ text: String, maxLength: Int) -> String {
        guard maxLength > 0 else { return "" }
        if text.count <= maxLength { return text }
        if maxLength == 1 { return "…" }
        let budget = maxLength - 1
        let end = text.index(text.startIndex, offsetBy: budget)
        var cut = text[..<end]
        let nextIsBoundary = text[end].isWhitespace
        if !nextIsBoundary, let space = cut.lastIndex(where: { $0.isWhitespace }) {
            let head = cut[..<space]
            // Keep the word boundary unless it would throw away most of the budget.
            if head.count * 2 >= budget || head.count >= budget - 12 {
                cut = head
            }
        }
        while let last = cut.last, last.isWhitespace || last == "," || last == ";" || last == ":" || last == "-" {
            cut = cut.dropLast()
        }
        if cut.isEmpty { cut = text[..<end] }
        return String(cut) + "…"
    }
}
