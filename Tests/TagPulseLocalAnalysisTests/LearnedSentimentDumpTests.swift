import Foundation
import Testing

@testable import TagPulseLocalAnalysis

/// Step 1 of regenerating `SentimentLexicon+Learned.swift` (see `Tools/learn-sentiment.py`): writes, for each
/// line of the `xlmt-<lang>-train-text.txt` files, the features the learned layer sees at run time — the guessed
/// language, the hand-lexicon compound score and hit count, and the token keys — so the generator learns on
/// exactly the analyzer's tokenisation. Runs only when `TAGPULSE_DUMP_TRAIN_FEATURES` names an output folder.
@Suite("Learned sentiment feature dump")
struct LearnedSentimentDumpTests {
    static let output = ProcessInfo.processInfo.environment["TAGPULSE_DUMP_TRAIN_FEATURES"] ?? ""

    @Test("dump train features", .enabled(if: !output.isEmpty && SentimentEvaluationTests.available))
    func dumpTrainFeatures() throws {
        let analyzer = LocalAnalyzer()
        for language in SentimentEvaluationTests.xlmtLanguages {
            let url = SentimentEvaluationTests.directory.appendingPathComponent("xlmt-\(language)-train-text.txt")
            let texts = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            var lines: [String] = []
            for raw in texts {
                let features = analyzer.learnedFeatures(SentimentEvaluationTests.decodeEscapes(String(raw)))
                let code = features.language?.code ?? Language.undeterminedCode
                lines.append("\(code)\t\(features.compound)\t\(features.hits)\t\(features.keys.joined(separator: " "))\t\(features.kinds)")
            }
            let target = URL(fileURLWithPath: Self.output).appendingPathComponent("\(language)-train-features.tsv")
            try (lines.joined(separator: "\n") + "\n").write(to: target, atomically: true, encoding: .utf8)
        }
    }
}
