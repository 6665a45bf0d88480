extension LocalAnalyzer {
    /// Classifies `text` and keeps what relevance needs (``CommentReading``): one tokenisation, one classification.
    /// `classification` equals ``classify(_:)``'s.
    public func read(_ text: String, workspace: inout Workspace) -> CommentReading {
        var text = text
        let (classification, symbols) = text.withUTF8 { utf8 in
            Tokenizer().scan(utf8, into: &workspace.scan, scratch: workspace.scratch)
            return (classify(utf8: utf8, scan: &workspace.scan), AspectLexicon.symbolMask(utf8))
        }
        WordStem.stems(of: workspace.scan, into: &workspace.stems)
        let stems = workspace.stems
        let mask = AspectLexicon.shared.comment.mask(of: stems) | symbols
        return CommentReading(classification: classification, stems: stems, aspectMask: mask, isQuestion: Self.endsWithQuestion(workspace.scan))
    }

    /// Whether the last word or "!"/"?" of the scan is a "?".
    static func endsWithQuestion(_ scan: Tokenizer.Scan) -> Bool {
        guard let last = scan.tokens.last(where: { $0.kind == .word || $0.kind == .punctuation }), last.kind == .punctuation,
            last.keyLength > 0
        else { return false }
        return scan.bytes[Int(last.keyStart)] == UInt8(ascii: "?")
    }

    /// ``read(_:workspace:)`` with a workspace of its own.
    public func read(_ text: String) -> CommentReading {
        var workspace = Workspace()
        return read(text, workspace: &workspace)
    }
}
