import Testing

@testable import TagPulseGateway

@Suite("ConstantTimeBytes")
struct ConstantTimeBytesTests {
    static let key = "tp_f9sjqwtpg0ks_l3IPMSLreAwnzBIZG5vwhHti5KvdjQx62V2EI9NEr7r"

    @Test func stringsAreComparedByteForByte() {
        #expect(ConstantTimeBytes.same(Self.key, String(Self.key.utf8.map { Character(UnicodeScalar($0)) })))
        #expect(ConstantTimeBytes.same("", ""))
        #expect(!ConstantTimeBytes.same("abc", "abd"))
        #expect(!ConstantTimeBytes.same("abc", "ab"))
        #expect(!ConstantTimeBytes.same("é", "e\u{301}"), "the same character in other bytes is another key")
    }

    @Test func bytesAreComparedWithAString() {
        let bytes = Array(Self.key.utf8)
        bytes.withUnsafeBytes { raw in
            #expect(ConstantTimeBytes.same(raw, Self.key))
            #expect(!ConstantTimeBytes.same(raw, String(Self.key.dropLast()) + "s"))
            #expect(!ConstantTimeBytes.same(UnsafeRawBufferPointer(rebasing: raw.dropLast()), Self.key))
        }
        [UInt8]().withUnsafeBytes { #expect(ConstantTimeBytes.same($0, "")) }
        Array("e\u{301}".utf8).withUnsafeBytes { #expect(!ConstantTimeBytes.same($0, "é")) }
    }
}

extension ConstantTimeBytesTests {
    /// A difference in any one byte is seen, wherever it is: in a whole word, in the tail, in any byte of a word.
    @Test func aDifferenceInAnyByteIsSeen() {
        let base = Array("0123456789abcdefghijklmnopqrstuvwxyz!".utf8)
        let string = String(decoding: base, as: UTF8.self)
        for position in base.indices {
            var changed = base
            changed[position] ^= 0x01
            changed.withUnsafeBytes { #expect(!ConstantTimeBytes.same($0, string), "byte \(position)") }
        }
        base.withUnsafeBytes { #expect(ConstantTimeBytes.same($0, string)) }
    }
}
