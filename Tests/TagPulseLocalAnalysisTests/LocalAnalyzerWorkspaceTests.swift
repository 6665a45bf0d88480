import Testing

@testable import TagPulseLocalAnalysis

/// `classify(utf8:workspace:)`, the bulk path of `tagpulse classify`, must give what `classify(_:)` gives for the
/// same text decoded as a `String` (invalid UTF-8 repaired), whatever the workspace held before.
@Suite("LocalAnalyzer workspace path")
struct LocalAnalyzerWorkspaceTests {
    let analyzer = LocalAnalyzer()

    func viaWorkspace(_ bytes: [UInt8], _ workspace: inout LocalAnalyzer.Workspace) -> TextClassification {
        bytes.withUnsafeBufferPointer { analyzer.classify(utf8: $0, workspace: &workspace) }
    }

    @Test("one reused workspace gives the String path's result for every golden text")
    func goldenTexts() {
        var workspace = LocalAnalyzer.Workspace()
        var stringWorkspace = LocalAnalyzer.Workspace()
        var mismatches = 0
        for text in ClassifyGoldenTests.texts() {
            let expected = analyzer.classify(text)
            if viaWorkspace(Array(text.utf8), &workspace) != expected || analyzer.classify(text, workspace: &stringWorkspace) != expected {
                mismatches += 1
                if mismatches <= 5 { Issue.record("differs on \(text)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("invalid UTF-8 is repaired as String(decoding:) repairs it")
    func invalidBytes() {
        var workspace = LocalAnalyzer.Workspace()
        let lines: [[UInt8]] = [
            Array("love it ".utf8) + [0xFF] + Array(" so good".utf8), [0xC3], Array("caf".utf8) + [0xC3, 0x28],
            [0xED, 0xA0, 0x80] + Array(" nope".utf8), Array("bad ".utf8) + [0xF0, 0x9F, 0x98] + Array(" 😀 great".utf8),
        ]
        for bytes in lines {
            #expect(viaWorkspace(bytes, &workspace) == analyzer.classify(String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test("a long text, then short ones: nothing of the long one leaks into the next")
    func longThenShort() {
        var workspace = LocalAnalyzer.Workspace()
        let long = String(repeating: "where can I buy this?? amazing serum 😍 but the price is terrible. ", count: 2_000)
        #expect(viaWorkspace(Array(long.utf8), &workspace) == analyzer.classify(long))
        for text in ["meh", "", "NOT GOOD!!!", "just ordered mine", "😂"] {
            #expect(viaWorkspace(Array(text.utf8), &workspace) == analyzer.classify(text), "\(text)")
        }
    }
}
