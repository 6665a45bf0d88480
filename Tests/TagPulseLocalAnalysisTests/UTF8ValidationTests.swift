import Testing

@testable import TagPulseLocalAnalysis

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    static func isValid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } }

    static func stdlibAccepts(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    @Test(
        "agrees with the standard library on the edge cases of RFC 3629",
        arguments: [
            [], [0x41], Array("héllo wörld ✨ 😀".utf8), Array(repeating: 0x61, count: 17) + [0xC3, 0xA9],
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC2], [0xC2, 0x41],
            [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
            [0xED, 0xBF, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xE2, 0x82], [0xE2, 0x28, 0xA1],
            [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],
            [0xF0, 0x9F, 0x98], Array("12345678".utf8) + [0x80] + Array("12345678".utf8),
        ] as [[UInt8]]
    )
    func edgeCases(bytes: [UInt8]) {
        #expect(Self.isValid(bytes) == Self.stdlibAccepts(bytes), "\(bytes.map { String($0, radix: 16) })")
    }

    @Test("agrees with the standard library on 200,000 random byte strings")
    func randomBytes() {
        // Deterministic: a fixed-seed xorshift, drawing mostly from the bytes that matter to UTF-8 (ASCII, leads,
        // continuations), so that most strings are near-valid.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]
        var disagreements = 0
        var valid = 0
        for _ in 0..<200_000 {
            let count = Int(next() % 24)
            let bytes = (0..<count).map { _ -> UInt8 in
                let r = next()
                return r % 3 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : interesting[Int((r >> 8) % UInt64(interesting.count))]
            }
            let expected = Self.stdlibAccepts(bytes)
            if expected { valid += 1 }
            if Self.isValid(bytes) != expected {
                disagreements += 1
                if disagreements <= 5 { Issue.record("disagrees on \(bytes.map { String($0, radix: 16) })") }
            }
        }
        #expect(disagreements == 0)
        #expect(valid > 10_000, "the generator should produce valid strings too (\(valid))")
    }
}
