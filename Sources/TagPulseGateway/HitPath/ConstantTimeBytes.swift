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

    /// The OR of the bytes' XORs, pair by pair, over the same length (0: the same): an indexed loop over the two
    /// buffers (a `zip` and `reduce` over them cost several times as much per byte).
    private static func difference(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> UInt8 {
        var difference: UInt8 = 0
        for index in 0..<min(left.count, right.count) { difference |= left[index] ^ right[index] }
        return difference
    }

    private static func difference(_ left: [UInt8], _ right: [UInt8]) -> UInt8 {
        left.withUnsafeBytes { left in right.withUnsafeBytes { right in Self.difference(left, right) } }
    }
}
