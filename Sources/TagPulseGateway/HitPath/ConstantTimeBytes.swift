/// Byte comparison in a time that depends on the length only, for what may be a credential: a connection a proxy
/// shares between clients learns nothing of another client's key from how long a comparison with a wrong one takes.
enum ConstantTimeBytes {
    /// Whether `a` and `b` are the same bytes.
    static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let contiguous = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in Self.difference(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right)) }
        }
        return (contiguous ?? nil ?? Self.difference(Array(a.utf8), Array(b.utf8))) == 0
    }

    /// Whether `string` is exactly `bytes`.
    static func same(_ bytes: UnsafeRawBufferPointer, _ string: String) -> Bool {
        guard string.utf8.count == bytes.count else { return false }
        let contiguous = string.utf8.withContiguousStorageIfAvailable { Self.difference(bytes, UnsafeRawBufferPointer($0)) }
        return (contiguous ?? Array(string.utf8).withUnsafeBytes { Self.difference(bytes, $0) }) == 0
    }

    /// The OR of the bytes' XORs over the same length (0: the same), eight bytes at a time and then byte by byte: every
    /// byte is looked at, whatever an earlier one was (a `zip` and `reduce` over them cost several times as much).
    private static func difference(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> UInt8 {
        let count = min(left.count, right.count)
        var words: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            words |= left.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        var difference = UInt8(
            truncatingIfNeeded: words | words >> 8 | words >> 16 | words >> 24 | words >> 32 | words >> 40 | words >> 48 | words >> 56
        )
        while index < count {
            difference |= left[index] ^ right[index]
            index += 1
        }
        return difference
    }

    private static func difference(_ left: [UInt8], _ right: [UInt8]) -> UInt8 {
        left.withUnsafeBytes { left in right.withUnsafeBytes { right in Self.difference(left, right) } }
    }
}
