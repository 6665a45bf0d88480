import Foundation
import XCTest

/// `tagpulse classify` as a process: option checks, and answers that do not wait for the end of input.
final class ClassifyCommandProcessTests: XCTestCase {
    func testJobsOutOfRangeIsAUsageError() async throws {
        for jobs in ["0", "65", "-1"] {
            let result = try await Tagpulse.run(["classify", "--jobs", jobs], input: "hello\n")
            XCTAssertEqual(result.status, 2, result.allOutput)
            XCTAssertTrue(result.standardError.contains("--jobs"), result.standardError)
            XCTAssertEqual(result.standardOutput, "")
        }
    }

    func testEveryJobsValuePrintsTheSameLines() async throws {
        let input =
            (0..<3_000).map { "line \($0): love it, where can I buy?? 😍 \($0 % 3 == 0 ? "NOT good" : "great")" }
            .joined(separator: "\n") + "\n"
        let one = try await Tagpulse.run(["classify", "--jobs", "1"], input: input)
        XCTAssertEqual(one.status, 0, one.standardError)
        XCTAssertEqual(one.standardOutput.split(separator: "\n").count, 3_000)
        for jobs in ["2", "4"] {
            let many = try await Tagpulse.run(["classify", "-j", jobs], input: input)
            XCTAssertEqual(many.status, 0, many.standardError)
            XCTAssertEqual(many.standardOutput, one.standardOutput, "jobs \(jobs)")
        }
        let byDefault = try await Tagpulse.run(["classify"], input: input)
        XCTAssertEqual(byDefault.standardOutput, one.standardOutput)
    }

    /// A script that writes one line and waits for its answer (a co-process) must get it while its input is open.
    func testAnswersEachLineBeforeTheInputEnds() throws {
        for jobs in ["1", "2"] {
            let process = Process()
            process.executableURL = Tagpulse.binary
            process.arguments = ["classify", "--jobs", jobs]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
            }
            for text in ["I love it, just ordered two", "terrible, never again"] {
                input.fileHandleForWriting.write(Data((text + "\n").utf8))
                let answer = try XCTUnwrap(Self.readLine(output.fileHandleForReading, timeout: .seconds(20)), "no answer to \(text) (jobs \(jobs))")
                let object = try jsonObject(answer)
                XCTAssertNotNil(object["sentiment"] as? String, answer)
            }
            try input.fileHandleForWriting.close()
            XCTAssertNil(Self.readLine(output.fileHandleForReading, timeout: .seconds(20)), "nothing more after the input ends")
        }
    }

    /// One line from `handle` (nil at end of input), or nil after `timeout`; reads byte by byte on another thread.
    static func readLine(_ handle: FileHandle, timeout: Duration) -> String? {
        final class Box: @unchecked Sendable { var line: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let descriptor = handle.fileDescriptor
        DispatchQueue.global().async {
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) == 1 {
                if byte == 0x0A {
                    box.line = String(decoding: bytes, as: UTF8.self)
                    break
                }
                bytes.append(byte)
            }
            done.signal()
        }
        let seconds = Double(timeout.components.seconds)
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.line
    }
}
