/// Byte comparison in a time that depends on the length only, for what may be a credential: a connection a proxy
/// shares between clients learns nothing of another client's key from how long a comparison with a wrong one takes.
enum ConstantTimeBytes {
    /// Whether `a` and `b` are the same bytes.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.withContiguousStorageIfAvailable { Self.same(UnsafeRawBufferPointer($0), b) }
            ?? Array(a.utf8).withUnsafeBytes { Self.same($0, b) }
    }

    /// Whether `string` is exactly `bytes`.
    static func same(_ bytes: UnsafeRawBufferPointer, _ string: String) -> Bool {
        guard string.utf8.count == bytes.count else { return false }
        return string.utf8.withContiguousStorageIfAvailable { Self.same(bytes, UnsafeRawBufferPointer($0)) }
            ?? Array(string.utf8).withUnsafeBytes { Self.same(bytes, $0) }
    }

    /// Whether two buffers hold the same bytes (different lengths: no; the time taken depends on the lengths only).
    static func same(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        left.count == right.count && Self.sameBytes(left, right)
    }

    /// Whether two buffers of the same length hold the same bytes: the OR of their XORs, eight bytes at a time and then
    /// byte by byte, so every byte is looked at whatever an earlier one was (a `zip` and `reduce` over them cost several
    /// times as much).
    private static func sameBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        let count = min(left.count, right.count)
        var difference: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            difference |= left.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            difference |= UInt64(left[index] ^ right[index])
            index += 1
        }
        return difference == 0
    }
}
