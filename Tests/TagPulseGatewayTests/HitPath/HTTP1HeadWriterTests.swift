import HTTPTypes
import NIOCore
import Testing

@testable import TagPulseGateway

/// The front's head writer: bytes as `String` and `ByteBuffer` would write them, never past the memory it is given,
/// and a head that outgrows its estimate written again whole.
@Suite("HTTP1HeadWriter")
struct HTTP1HeadWriterTests {
    @Test(arguments: [0, 7, 10, 599, 86_400, -1, -42, Int.max, Int.min])
    func decimalsAreSpelledAsStringSpellsThem(_ value: Int) {
        var bytes = ByteBuffer()
        bytes.writeHTTP1(estimate: 1) { writer in
            writer.writeDecimal(value)
            writer.writeDecimal(Int64(value))
        }
        #expect(String(buffer: bytes) == String(value) + String(value))
    }

    @Test func aPieceThatDoesNotFitIsDroppedAndReported() {
        var memory = [UInt8](repeating: 0xAA, count: 12)
        memory.withUnsafeMutableBytes { raw in
            var writer = HTTP1HeadWriter(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<8]))
            writer.write("Age: ")
            #expect(writer.written == 5 && !writer.overflowed)
            writer.writeDecimal(1234)
            #expect(writer.overflowed, "4 digits into 3 bytes")
            writer.write(UInt8(ascii: "x"))
            writer.write("y")
            #expect(writer.written == 5, "nothing is written after an overflow")
        }
        #expect(Array(memory[5...]) == [UInt8](repeating: 0xAA, count: 7), "not a byte past what fitted")
        memory.withUnsafeMutableBytes { raw in
            var writer = HTTP1HeadWriter(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<3]))
            writer.write(UInt8(ascii: "a"))
            writer.write("bc")
            #expect(writer.written == 3 && !writer.overflowed, "exactly full is not an overflow")
            writer.write(UInt8(ascii: "d"))
            #expect(writer.overflowed)
        }
    }

    @Test func aHeadLargerThanItsEstimateIsWrittenAgainWhole() {
        let long = String(repeating: "v", count: 5_000)
        var bytes = ByteBuffer(string: "before|")
        bytes.writeHTTP1(estimate: 16) { writer in
            writer.writeField(HTTPField.Name("X-Long")!, long)
            writer.writeField(.contentLength, decimal: 42)
        }
        #expect(String(buffer: bytes) == "before|X-Long: \(long)\r\nContent-Length: 42\r\n")
    }

    @Test func stringsSmallOrLargeOfAnyScriptAreCopiedByteForByte() {
        let values = ["", "é ü", String(repeating: "ß", count: 40), "a" + String(repeating: "b", count: 15)]
        for value in values {
            var bytes = ByteBuffer()
            bytes.writeHTTP1(estimate: 1) { $0.write(value) }
            #expect(Array(bytes.readableBytesView) == Array(value.utf8))
        }
    }

    @Test func statusLinesAreTheCodeAndItsReasonPhrase() {
        var bytes = ByteBuffer()
        bytes.writeHTTP1(estimate: 1) { writer in
            writer.writeStatusLine(.ok)
            writer.writeStatusLine(.tooManyRequests)
            writer.writeStatusLine(.notModified)
        }
        #expect(String(buffer: bytes) == "HTTP/1.1 200 OK\r\nHTTP/1.1 429 Too Many Requests\r\nHTTP/1.1 304 Not Modified\r\n")
    }
}
