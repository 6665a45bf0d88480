import Dispatch
import TagPulseLocalAnalysis

/// A chunk of whole input lines and, once a worker has run it, their output lines, in order.
///
/// `@unchecked Sendable`: `output` is written once, by the worker, before it signals `finished`; the pipeline reads
/// it only after waiting on `finished`, which orders the two.
final class ClassifyBatch: @unchecked Sendable {
    let input: [UInt8]
    private(set) var output: [UInt8] = []
    private let finished = DispatchSemaphore(value: 0)

    init(input: [UInt8]) { self.input = input }

    /// Classifies every line (on a worker) and signals the pipeline.
    func run(analyzer: LocalAnalyzer, line: ClassificationLine) {
        output = Self.classify(input, analyzer: analyzer, line: line)
        finished.signal()
    }

    /// Blocks until ``run(analyzer:line:)`` is done.
    func wait() { finished.wait() }

    /// Whether ``run(analyzer:line:)`` is done, without blocking (true at most once, like ``wait()``).
    func tryWait() -> Bool { finished.wait(timeout: .now()) == .success }

    /// One output line per input line. A line ends at "\n", dropped with a "\r" right before it; the last line may
    /// lack the "\n"; invalid UTF-8 is repaired (U+FFFD), as `readLine()` does.
    static func classify(_ input: [UInt8], analyzer: LocalAnalyzer, line: ClassificationLine) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(max(256, input.count + input.count / 4))
        var workspace = LocalAnalyzer.Workspace()
        input.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var start = 0
            while start < count {
                var newline = start
                while newline < count && bytes[newline] != 0x0A { newline += 1 }
                var end = newline
                if newline < count && end > start && bytes[end - 1] == 0x0D { end -= 1 }
                let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
                line.append(analyzer.classify(utf8: text, workspace: &workspace), to: &out)
                start = newline + 1
            }
        }
        return out
    }
}
