import Foundation
import TagPulseLocalAnalysis
import Testing

/// Evaluates sentiment on the labelled validation posts in `../shared/eval/sentiment/` (next to the
/// repository). Labels: 0 negative, 1 neutral, 2 positive. Lexicons are tuned on the `*-train-*`
/// files only; this test reads the `*-val-*` files and fails only on a real regression.
/// `TAGPULSE_EVAL_DIR` overrides the folder.
@Suite("SentimentEvaluation")
struct SentimentEvaluationTests {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["TAGPULSE_EVAL_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        // <repo>/Tests/TagPulseLocalAnalysisTests/<this file> -> <repo>/../shared/eval/sentiment
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/eval/sentiment", isDirectory: true)
    }()

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("xlmt-english-val-text.txt").path)
    }

    static let xlmtLanguages = ["english", "spanish", "portuguese", "french", "german", "italian"]

    @Test(
        "macro-F1 on the validation sets",
        .enabled(if: available, "labelled eval data not found at ../shared/eval/sentiment (set TAGPULSE_EVAL_DIR)")
    )
    func macroF1OnValidationSets() throws {
        let analyzer = LocalAnalyzer()
        var rows: [(name: String, count: Int, f1: Double, recall: Double)] = []
        for name in Self.xlmtLanguages.map({ "xlmt-\($0)-val" }) + ["tweeteval-val"] {
            let (texts, labels) = try Self.load(name)
            let predicted = texts.map { text -> Int in
                switch analyzer.classify(text).sentiment {
                case .negative: 0
                case .neutral: 1
                case .positive: 2
                }
            }
            let (f1, recall) = Self.macroScores(predicted: predicted, gold: labels)
            rows.append((name, texts.count, f1, recall))
        }
        var table = "\nLocalAnalyzer \(LocalAnalyzer.version) sentiment on validation sets\n"
        table += "set                        n   macro-F1  macro-recall\n"
        for row in rows {
            table += row.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            table += String(format: "%6d   %7.3f   %11.3f\n", row.count, row.f1, row.recall)
        }
        let xlmt = rows.filter { $0.name.hasPrefix("xlmt-") }
        let meanF1 = xlmt.map(\.f1).reduce(0, +) / Double(xlmt.count)
        let meanRecall = xlmt.map(\.recall).reduce(0, +) / Double(xlmt.count)
        table += "xlmt mean".padding(toLength: 28, withPad: " ", startingAt: 0)
        table += String(format: "   %7.3f   %11.3f\n", meanF1, meanRecall)
        print(table)
        #expect(xlmt.count == 6)
        #expect(meanF1 >= 0.58, "mean macro-F1 over the six xlmt languages regressed: \(meanF1)")
    }

    /// Loads `<name>-text.txt` / `<name>-labels.txt`; literal `\uXXXX` escapes in the texts are decoded.
    static func load(_ name: String) throws -> ([String], [Int]) {
        let textURL = directory.appendingPathComponent("\(name)-text.txt")
        let labelURL = directory.appendingPathComponent("\(name)-labels.txt")
        let texts = try String(contentsOf: textURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let labels = try String(contentsOf: labelURL, encoding: .utf8).split(whereSeparator: \.isNewline)
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        try #require(texts.count >= labels.count && !labels.isEmpty, "\(name): \(texts.count) texts, \(labels.count) labels")
        return (texts.prefix(labels.count).map { decodeEscapes(String($0)) }, labels)
    }

    static func decodeEscapes(_ text: String) -> String {
        guard text.contains("\\u") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\", i + 5 < scalars.count, scalars[i + 1] == "u",
                let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)])), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.append(scalar)
                i += 6
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Macro-averaged F1 and recall over the classes 0, 1, 2.
    static func macroScores(predicted: [Int], gold: [Int]) -> (f1: Double, recall: Double) {
        var f1 = 0.0, recall = 0.0
        for c in 0..<3 {
            var tp = 0.0, predictedCount = 0.0, goldCount = 0.0
            for (p, g) in zip(predicted, gold) {
                if p == c { predictedCount += 1 }
                if g == c { goldCount += 1 }
                if p == c && g == c { tp += 1 }
            }
            let precision = predictedCount > 0 ? tp / predictedCount : 0
            let r = goldCount > 0 ? tp / goldCount : 0
            f1 += precision + r > 0 ? 2 * precision * r / (precision + r) : 0
            recall += r
        }
        return (f1 / 3, recall / 3)
    }

    @Test func macroScoresAreCorrect() {
        #expect(Self.macroScores(predicted: [0, 1, 2], gold: [0, 1, 2]) == (1, 1))
        let (f1, recall) = Self.macroScores(predicted: [1, 1, 1], gold: [0, 1, 2])
        #expect(abs(recall - 1.0 / 3) < 1e-9)
        #expect(abs(f1 - 1.0 / 6) < 1e-9)
    }
}
