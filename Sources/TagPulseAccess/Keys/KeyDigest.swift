import Crypto

/// The SHA-256 of a key's whole text: what the store keeps of a key (as lower-case hex, ``KeyRecord/digest``) and
/// all the gateway keeps of the bootstrap key. A presented key is hashed once per request and that one digest is
/// compared with the bootstrap key's and with its record's, each in constant time.
///
/// Held as four words, so making, keeping and comparing one allocates nothing: it is computed on every request of
/// the hit path, where hashing the key twice and comparing it as a hex string (64 one-byte strings joined, then
/// copied twice) cost an ordinary key 4 µs per hit more than the bootstrap key (leased 2 KB gzip hits,
/// 2026-12-06).
public struct KeyDigest: Sendable, CustomStringConvertible {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The digest of `text`'s UTF-8 bytes.
    public init(of text: String) {
        var hasher = SHA256()
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = hasher.finalize()
        self.words = digest.withUnsafeBytes { bytes in
            (
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
    }

    /// Reads 64 lower-case hex digits (``hex``); nil for anything else.
    public init?(hex: String) {
        var words: [UInt64] = []
        words.reserveCapacity(4)
        var word: UInt64 = 0
        var digits = 0
        for character in hex.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            guard digits < 64 else { return nil }
            // Byte k of the hash is bits 8(k mod 8)… of word k / 8 (the words are read little-endian above).
            let byteIndex = (digits / 2) % 8
            let shift = UInt64(byteIndex * 8 + (digits % 2 == 0 ? 4 : 0))
            word |= UInt64(value) << shift
            digits += 1
            if digits % 16 == 0 {
                words.append(word)
                word = 0
            }
        }
        guard digits == 64 else { return nil }
        self.words = (words[0], words[1], words[2], words[3])
    }

    /// The 32 bytes, in order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for word in [self.words.0, self.words.1, self.words.2, self.words.3] {
            for index in 0..<8 { result.append(UInt8(truncatingIfNeeded: word >> UInt64(index * 8))) }
        }
        return result
    }

    /// Lower-case hex, 64 digits: the form the store keeps.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in self.bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return 64
        }
    }

    public var description: String { "KeyDigest(…)" }

    /// True when both are the same digest; takes the same time whichever bytes differ.
    public func matches(_ other: KeyDigest) -> Bool {
        let difference =
            (self.words.0 ^ other.words.0) | (self.words.1 ^ other.words.1) | (self.words.2 ^ other.words.2)
            | (self.words.3 ^ other.words.3)
        return difference == 0
    }
}
