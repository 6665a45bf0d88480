import NIOCore
import TagPulseTestSupport
import Testing

@testable import TagPulseCache

@Suite struct GzipTests {
    /// `printf hello | gzip -n`: what the system's gzip writes.
    static let helloFromGzipTool: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 203, 72, 205, 201, 201, 7, 0, 134, 166, 16, 54, 5, 0, 0, 0,
    ]

    @Test func roundTripsBytesAndBuffers() throws {
        var random = SeededGenerator(seed: 1)
        for size in [1, 2, 100, 65_535, 65_536, 65_537, 300_000] {
            let input = random.bytes(size)
            let compressed = try Gzip.compress(input)
            #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 0x08], "a gzip header, not zlib's")
            #expect(try Gzip.decompress(compressed, maximumOutputBytes: size) == input)

            let buffer = ByteBuffer(bytes: input)
            let compressedBuffer = try Gzip.compress(buffer)
            #expect(try Gzip.decompress(compressedBuffer, maximumOutputBytes: size) == buffer)
        }
    }

    @Test func readsWhatTheGzipToolWrites() throws {
        #expect(try Gzip.decompress(Self.helloFromGzipTool, maximumOutputBytes: 5) == Array("hello".utf8))
    }

    @Test func emptyInputCompressesToAValidStream() throws {
        let compressed = try Gzip.compress([UInt8]())
        #expect(compressed.count == 20, "10-byte header, empty deflate block, 8-byte trailer")
        #expect(try Gzip.decompress(compressed, maximumOutputBytes: 0) == [])
    }

    @Test func emptyInputDoesNotDecompress() {
        #expect(throws: GzipError(.truncated, "")) { try Gzip.decompress([UInt8](), maximumOutputBytes: 100) }
    }

    @Test func eightMebibytesRoundTrip() throws {
        // Text-like data: a small vocabulary in random order compresses, but not to nothing.
        var random = SeededGenerator(seed: 8)
        let words = ["love", "this", "serum", "price", "too", "high", "where", "buy", "😍", "skin", "\n"]
        var body = ByteBuffer()
        while body.readableBytes < 8 << 20 {
            body.writeString(words.randomElement(using: &random)! + " ")
        }
        let compressed = try Gzip.compress(body)
        #expect(compressed.readableBytes < body.readableBytes / 2)
        #expect(try Gzip.decompress(compressed, maximumOutputBytes: body.readableBytes) == body)
    }

    @Test func levelsAreClampedAndAllRoundTrip() throws {
        let input = Array(String(repeating: "abc", count: 1000).utf8)
        for level: Int32 in [-5, -1, 0, 1, 9, 42] {
            #expect(try Gzip.decompress(Gzip.compress(input, level: level), maximumOutputBytes: input.count) == input)
        }
    }

    @Test func corruptInputIsATypedError() throws {
        let valid = try Gzip.compress(Array(String(repeating: "tagpulse ", count: 500).utf8))
        var badMagic = valid
        badMagic[0] = 0x1E
        #expect(throws: GzipError(.corrupt, "")) { try Gzip.decompress(badMagic, maximumOutputBytes: 1 << 20) }

        var badChecksum = valid
        badChecksum[badChecksum.count - 6] ^= 0xFF  // inside the CRC-32
        #expect(throws: GzipError(.corrupt, "")) { try Gzip.decompress(badChecksum, maximumOutputBytes: 1 << 20) }

        #expect(throws: GzipError(.corrupt, "")) { try Gzip.decompress(Array("not gzip at all".utf8), maximumOutputBytes: 1 << 20) }
        #expect(throws: GzipError(.corrupt, "")) { try Gzip.decompress(valid + [0], maximumOutputBytes: 1 << 20) }
    }

    @Test func truncatedInputIsATypedError() throws {
        let valid = try Gzip.compress(Array(String(repeating: "tagpulse ", count: 500).utf8))
        for length in [1, 5, 10, valid.count / 2, valid.count - 1] {
            #expect(throws: GzipError.self) { try Gzip.decompress(Array(valid.prefix(length)), maximumOutputBytes: 1 << 20) }
        }
        #expect(throws: GzipError(.truncated, "")) { try Gzip.decompress(Array(valid.dropLast(1)), maximumOutputBytes: 1 << 20) }
    }

    @Test func aBombIsRefusedAtTheCap() throws {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        let bomb = try Gzip.compress(zeros, level: 9)
        #expect(bomb.count < 20_000, "16 MiB of zeros compresses to a few kilobytes")
        #expect(throws: GzipError(.outputLimitExceeded, "")) { try Gzip.decompress(bomb, maximumOutputBytes: 1 << 20) }
        #expect(throws: GzipError(.outputLimitExceeded, "")) { try Gzip.decompress(bomb, maximumOutputBytes: zeros.count - 1) }
        #expect(try Gzip.decompress(bomb, maximumOutputBytes: zeros.count).count == zeros.count, "exactly at the cap is fine")
        #expect(throws: GzipError(.outputLimitExceeded, "")) { try Gzip.decompress(Self.helloFromGzipTool, maximumOutputBytes: 0) }
        #expect(try Gzip.decompress(Self.helloFromGzipTool, maximumOutputBytes: .max).count == 5, "no cap arithmetic overflows")
        #expect(throws: GzipError(.outputLimitExceeded, "")) { try Gzip.decompress(Self.helloFromGzipTool, maximumOutputBytes: -1) }
    }

    @Test func randomBytesNeverTrap() {
        var random = SeededGenerator(seed: 77)
        for _ in 0..<2000 {
            var input = random.bytes(Int.random(in: 0...64, using: &random))
            if Bool.random(using: &random), input.count >= 3 { input[0...2] = [0x1F, 0x8B, 0x08] }  // get past the magic
            _ = try? Gzip.decompress(input, maximumOutputBytes: 4096)
        }
    }

    @Test func errorsCompareByCode() {
        #expect(GzipError(.corrupt, "a") == GzipError(.corrupt, "b"))
        #expect(GzipError(.corrupt, "a") != GzipError(.truncated, "a"))
        #expect("\(GzipError(.outputLimitExceeded, "too big"))" == "gzip outputLimitExceeded: too big")
    }
}
