import ArgumentParser
import Foundation
import TagPulseLocalAnalysis

/// `tagpulse classify`: one text per line on standard input, one JSON object per line on standard output
/// (`sentiment`, `purchase_intent`, `theme`, `confidence`, `language`), streaming, with the offline analyzer.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify texts with the offline analyzer: one text per stdin line, one JSON object per stdout line."
    )

    func run() throws {
        let analyzer = LocalAnalyzer()
        var output = BufferedOutput()
        let confidences = ConfidenceText()
        var lines = StandardInputLines()
        while let line = lines.next() {
            let result = analyzer.classify(line)
            output.write(#"{"sentiment":""#)
            output.write(result.sentiment.rawValue)
            output.write(#"","purchase_intent":""#)
            output.write(result.purchaseIntent.rawValue)
            output.write(#"","theme":""#)
            output.write(result.theme)
            output.write(#"","confidence":"#)
            confidences.write(result.confidence, to: &output)
            output.write(#","language":""#)
            output.write(result.language)
            output.write("\"}\n")
        }
        output.flush()
    }
}

/// The text of a confidence (a `Double` rounded to 3 decimals) exactly as `"\(confidence)"` prints it, from a table
/// of the 1,001 values `k / 1000` built once, instead of formatting a `Double` per line.
struct ConfidenceText {
    private let texts: [[UInt8]] = (0...1000).map { Array("\(Double($0) / 1000)".utf8) }

    func write(_ value: Double, to output: inout BufferedOutput) {
        let scaled = (value * 1000).rounded()
        if scaled >= 0 && scaled <= 1000, (Double(Int(scaled)) / 1000).bitPattern == value.bitPattern {
            output.write(bytes: texts[Int(scaled)])
        } else {
            output.write("\(value)")
        }
    }
}

/// Standard output in 64 KiB chunks: one `write` per chunk instead of one per line.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    init() { self.buffer.reserveCapacity(1 << 16) }

    mutating func write(_ text: String) {
        self.buffer.append(contentsOf: text.utf8)
        if self.buffer.count >= 1 << 16 { self.flush() }
    }

    mutating func write(bytes: [UInt8]) {
        self.buffer.append(contentsOf: bytes)
        if self.buffer.count >= 1 << 16 { self.flush() }
    }

    mutating func flush() {
        guard !self.buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(self.buffer))
        self.buffer.removeAll(keepingCapacity: true)
    }
}
