import Crypto
import Testing

@testable import TagPulseAccess

struct KeyDigestTests {
    @Test func isTheSHA256OfTheTextsBytes() {
        for text in ["", "abc", "tp_abcdefghijkl_" + String(repeating: "Z", count: 43), "ünïcødé key", String(repeating: "x", count: 1000)] {
            let digest = KeyDigest(of: text)
            #expect(digest.bytes == Array(SHA256.hash(data: Array(text.utf8))))
        }
        #expect(KeyDigest(of: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hexReadsBackToTheSameDigest() throws {
        for text in ["a", "b", "tp_profile_key", "bootstrap"] {
            let digest = KeyDigest(of: text)
            let read = try #require(KeyDigest(hex: digest.hex))
            #expect(read.matches(digest))
            #expect(read.bytes == digest.bytes)
            #expect(read.hex == digest.hex)
        }
    }

    @Test func anyDifferentByteDoesNotMatch() throws {
        let digest = KeyDigest(of: "the key")
        let hex = Array(digest.hex.utf8)
        for position in 0..<64 {
            var changed = hex
            changed[position] = changed[position] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            let other = try #require(KeyDigest(hex: String(decoding: changed, as: UTF8.self)))
            #expect(!other.matches(digest), "hex digit \(position)")
        }
        #expect(!KeyDigest(of: "the key").matches(KeyDigest(of: "the key ")))
        #expect(KeyDigest(of: "the key").matches(KeyDigest(of: "the key")))
    }

    @Test func readsOnlySixtyFourLowerCaseHexDigits() {
        let hex = KeyDigest(of: "k").hex
        #expect(KeyDigest(hex: hex) != nil)
        #expect(KeyDigest(hex: hex.uppercased()) == nil)
        #expect(KeyDigest(hex: String(hex.dropLast())) == nil)
        #expect(KeyDigest(hex: hex + "0") == nil)
        #expect(KeyDigest(hex: "") == nil)
        #expect(KeyDigest(hex: String(hex.dropLast()) + "g") == nil)
        #expect(KeyDigest(hex: " " + String(hex.dropLast())) == nil)
    }

    @Test func recordsAndTheBootstrapKeyCompareTheSameDigest() {
        let key = APIKey.generate()
        let record = storedRecord(of: key)
        #expect(record.matches(KeyDigest(of: key.text)))
        #expect(record.storedDigest?.matches(KeyDigest(of: key.text)) == true)
        #expect(!record.matches(KeyDigest(of: APIKey.generate().text)))
        var malformed = record
        malformed.digest = record.digest.uppercased()
        #expect(!malformed.matches(KeyDigest(of: key.text)))
        #expect(BootstrapKey(secret: key.text).matches(KeyDigest(of: key.text)))
        #expect(BootstrapKey(secret: key.text).matches(key.text))
        #expect(!BootstrapKey(secret: key.text).matches(key.text + "x"))
    }

    @Test func keyAlphabetChecksAgreeWithTheAlphabets() {
        for byte in UInt8.min...UInt8.max {
            #expect(APIKey.isIDByte(byte) == APIKey.idAlphabet.contains(byte), "byte \(byte)")
            #expect(APIKey.isSecretByte(byte) == APIKey.secretAlphabet.contains(byte), "byte \(byte)")
        }
    }
}
