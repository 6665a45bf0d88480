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
        while let line = readLine(strippingNewline: true) {
            let result = analyzer.classify(line)
            output.write(
                #"{"sentiment":"\#(result.sentiment.rawValue)","purchase_intent":"\#(result.purchaseIntent.rawValue)","theme":"\#(result.theme)","confidence":\#(result.confidence),"language":"\#(result.language)"}"#
            )
            output.write("\n")
        }
        output.flush()
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

    mutating func flush() {
        guard !self.buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(self.buffer))
        self.buffer.removeAll(keepingCapacity: true)
    }
}
