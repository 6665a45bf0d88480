import Foundation
import TagPulseLocalAnalysis
import XCTest

@testable import TagPulseCLI

/// `ClassifyPipeline` over real file descriptors: the same output for any number of workers, one line per input
/// line in input order, and exactly what classifying each line alone gives.
final class ClassifyPipelineTests: XCTestCase {
    /// Lines that exercise chunking and line splitting: CRLF, empty lines, invalid UTF-8, a line longer than a
    /// read, many lines over many chunks.
    static func trickyInput() -> [UInt8] {
        var input: [UInt8] = []
        let texts = ClassifyPipelineTests.sampleTexts
        for index in 0..<20_000 {
            input += Array(texts[index % texts.count].utf8)
            input += index % 7 == 0 ? [0x0D, 0x0A] : [0x0A]
            if index == 5_000 { input += [0x0A, 0x0A] }  // two empty lines
            if index == 9_000 { input += Array("broken ".utf8) + [0xFF, 0xC3] + [0x0A] }
            if index == 12_000 { input += Array(String(repeating: "so good where can I buy ", count: 12_000).utf8) + [0x0A] }
        }
        input += Array("the last line has no newline\r".utf8)
        return input
    }

    static let sampleTexts = [
        "I love this serum, buying another one", "meh", "¡¡¡Qué bonito!!! ¿dónde lo compraste??", "NOT GOOD AT ALL!!!",
        "link in bio follow me", "😍😍😍 🔥", "n’est pas terrible", "ich mag es nicht", "how much? link?", "",
    ]

    /// What the pipeline must print: each line classified on its own, split as documented.
    static func expectedOutput(_ input: [UInt8]) -> [UInt8] {
        let analyzer = LocalAnalyzer()
        let line = ClassificationLine()
        var out: [UInt8] = []
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if input.last == 0x0A { lines.removeLast() }
        for (index, var bytes) in lines.enumerated() {
            let endedWithNewline = index < lines.count - 1 || input.last == 0x0A
            if endedWithNewline && bytes.last == 0x0D { bytes.removeLast() }
            line.append(analyzer.classify(String(decoding: bytes, as: UTF8.self)), to: &out)
        }
        return out
    }

    func run(jobs: Int, input: [UInt8], maxLineBytes: Int = 1 << 20) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tagpulse-classify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("in.txt")
        let outputURL = directory.appendingPathComponent("out.jsonl")
        try Data(input).write(to: inputURL)
        let inputFD = open(inputURL.path, O_RDONLY)
        let outputFD = open(outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(inputFD, 0)
        XCTAssertGreaterThanOrEqual(outputFD, 0)
        defer {
            close(inputFD)
            close(outputFD)
        }
        try ClassifyPipeline(jobs: jobs, input: inputFD, output: outputFD, maxLineBytes: maxLineBytes).run()
        return Array(try Data(contentsOf: outputURL))
    }

    func testEveryWorkerCountPrintsTheSameLinesInInputOrder() throws {
        let input = Self.trickyInput()
        let expected = Self.expectedOutput(input)
        let newlines = input.filter { $0 == 0x0A }.count
        XCTAssertEqual(expected.filter { $0 == 0x0A }.count, newlines + 1, "one output line per input line")
        for jobs in [1, 2, 3, 8] {
            let output = try run(jobs: jobs, input: input)
            XCTAssertEqual(output.count, expected.count, "jobs \(jobs)")
            XCTAssertTrue(output == expected, "jobs \(jobs): output differs from classifying each line alone")
        }
    }

    func testEmptyInputPrintsNothingAndOneNewlinePrintsOneLine() throws {
        XCTAssertEqual(try run(jobs: 2, input: []), [])
        let one = try run(jobs: 2, input: [0x0A])
        XCTAssertEqual(one, Self.expectedOutput([0x0A]))
        XCTAssertEqual(one.filter { $0 == 0x0A }.count, 1)
    }

    /// A line over the limit is classified on its first bytes (cut at a UTF-8 boundary), the rest of it skipped:
    /// still one output line per input line, and memory bounded by the limit, not the line.
    func testALineOverTheLimitIsCutAndTheRestOfItSkipped() throws {
        let limit = 64
        let long = Array(String(repeating: "é", count: 200).utf8)  // 400 bytes; 64 is a boundary, 63 is not
        let odd = Array("x".utf8) + Array(String(repeating: "é", count: 100).utf8)  // byte 64 is a continuation
        let huge = Array(String(repeating: "love it ", count: 40_000).utf8)  // longer than several reads
        var input: [UInt8] = []
        for line in [Array("short one".utf8), long, odd, huge, Array("after".utf8)] { input += line + [0x0A] }
        input += huge  // the last line, over the limit, without a newline
        let expectedLines: [[UInt8]] = [
            Array("short one".utf8), Array(long[..<64]), Array(odd[..<63]), Array(huge[..<64]), Array("after".utf8),
            Array(huge[..<64]),
        ]
        var expected: [UInt8] = []
        for line in expectedLines { expected += Self.expectedOutput(line + [0x0A]) }
        for jobs in [1, 2] {
            XCTAssertTrue(try run(jobs: jobs, input: input, maxLineBytes: limit) == expected, "jobs \(jobs)")
        }
    }

    func testAnUnwritableOutputIsAnErrorNotACrash() throws {
        let input = Array("fine\n".utf8)
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("tagpulse-classify-\(UUID().uuidString).txt")
        try Data(input).write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let inputFD = open(inputURL.path, O_RDONLY)
        let readOnly = open("/dev/null", O_RDONLY)
        defer {
            close(inputFD)
            close(readOnly)
        }
        for jobs in [1, 2] {
            XCTAssertThrowsError(try ClassifyPipeline(jobs: jobs, input: inputFD, output: readOnly).run()) { error in
                XCTAssertEqual((error as? ClassifyIOError)?.operation, .write)
                XCTAssertTrue("\(error)".hasPrefix("cannot write the output: "), "\(error)")
            }
            lseek(inputFD, 0, SEEK_SET)
        }
    }
}
