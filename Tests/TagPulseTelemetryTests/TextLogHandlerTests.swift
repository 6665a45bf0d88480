import Logging
import XCTest

@testable import TagPulseTelemetry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `log.format=text` writes client-controlled strings (request ids, paths, upstream messages): none of them may
/// start a new line, carry terminal escapes, or forge another `key=value` pair.
final class TextLogHandlerTests: XCTestCase {
    /// Logs one event through the handler `log.format=text` selects, into a pipe, and returns what was written.
    func written(message: Logger.Message, metadata: Logger.Metadata, label: String = "tagpulse.test") throws -> String {
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        defer { close(descriptors[0]) }
        let handler = LogSettings(level: .info, format: .text).makeHandler(label: label, fileDescriptor: descriptors[1])
        var logger = Logger(label: label) { _ in handler }
        logger.logLevel = .info
        logger.info(message, metadata: metadata)
        close(descriptors[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptors[0], &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testControlCharactersInValuesAreEscapedOnOneLine() throws {
        let hostile = "abc\nts=2026 level=critical msg=forged\r\u{1B}[31mred\t\u{7F}\u{85}\u{9B}\u{2028}end\u{00}"
        let line = try self.written(message: "request.completed", metadata: ["request.id": "\(hostile)", "http.status": "200"])
        XCTAssertTrue(line.hasSuffix("\n"))
        XCTAssertEqual(line.filter { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.count, 1, line)
        for scalar in line.unicodeScalars.dropLast() {
            XCTAssertFalse(
                scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028,
                "raw control U+\(String(scalar.value, radix: 16)) in \(line)"
            )
        }
        XCTAssertTrue(line.contains(#"\n"#) && line.contains(#"\r"#) && line.contains(#"\t"#), line)
        XCTAssertTrue(line.contains(#"\u{1b}[31mred"#) && line.contains(#"\u{7f}"#) && line.contains(#"\u{85}"#), line)
        XCTAssertTrue(line.contains(#"\u{9b}"#) && line.contains(#"\u{2028}"#) && line.contains(#"\u{0}"#), line)
        // The value holds spaces and `=`: it is quoted, so it cannot pass for more fields.
        XCTAssertTrue(line.contains(#"request.id="abc\nts=2026 level=critical msg=forged"#), line)
        XCTAssertTrue(line.contains(" http.status=200"), line)
        XCTAssertTrue(line.contains(" info tagpulse.test: request.completed "), line)
    }

    func testMessagesKeysAndLabelsAreEscapedToo() throws {
        let line = try self.written(
            message: "event\nforged line",
            metadata: ["odd\nkey": "v", "quote": #"say "hi" \ bye"#, "empty": ""],
            label: "label\u{1B}]0;title\u{07}"
        )
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, line)
        XCTAssertTrue(line.contains(#"label\u{1b}]0;title\u{7}: event\nforged line"#), line)
        XCTAssertTrue(line.contains(#"odd\nkey=v"#), line)
        XCTAssertTrue(line.contains(#"quote="say \"hi\" \\ bye""#), line)
        XCTAssertTrue(line.contains(#"empty="""#), line)
    }

    func testPlainValuesAreWrittenAsTheyAre() throws {
        let line = try self.written(message: "engine.listening", metadata: ["socket.path": "/run/tagpulse/engine.sock", "n": "3"])
        XCTAssertTrue(line.hasSuffix(": engine.listening n=3 socket.path=/run/tagpulse/engine.sock\n"), line)
        XCTAssertEqual(TextLogHandler.escaped("héllo wörld 😀"), "héllo wörld 😀")
    }

    func testOneRequestIDPerLineUnderOneName() throws {
        // Hummingbird's request logger carries `hb.request.id`; the gateway's middleware adds `request.id`.
        let line = try self.written(message: "request.completed", metadata: ["hb.request.id": "3f2a", "request.id": "abc"])
        XCTAssertTrue(line.contains(" request.id=abc"), line)
        XCTAssertFalse(line.contains("hb.request.id"), line)
        XCTAssertFalse(line.contains("3f2a"), line)
        let alone = try self.written(message: "metrics.scraped", metadata: ["hb.request.id": "3f2a"])
        XCTAssertTrue(alone.contains(" request.id=3f2a"), alone)
        XCTAssertFalse(alone.contains("hb.request.id"), alone)
    }
}
