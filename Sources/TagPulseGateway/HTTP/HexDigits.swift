/// Lower-case hexadecimal digits of 64-bit words, written into memory the caller holds: a request id, a trace id and a
/// span id spelled where they are sent, without a `String` each (``HitRequestID``, ``HitTrace``).
enum HexDigits {
    private static let digits: StaticString = "0123456789abcdef"

    /// `word` as 16 digits, most significant first, into the first 16 bytes of `memory` (which must hold them).
    static func write(_ word: UInt64, into memory: UnsafeMutableRawBufferPointer) {
        precondition(memory.count >= 16)
        let digits = Self.digits.utf8Start
        for nibble in 0..<16 {
            memory[nibble] = digits[Int((word >> UInt64(60 - nibble * 4)) & 0xF)]
        }
    }

    /// `first` (16 digits), then `second` when given (16 more), as a `String`: what the writer spells, as text.
    static func string(_ first: UInt64, _ second: UInt64? = nil) -> String {
        let count = second == nil ? 16 : 32
        return String(unsafeUninitializedCapacity: count) { buffer in
            let memory = UnsafeMutableRawBufferPointer(buffer)
            Self.write(first, into: memory)
            if let second { Self.write(second, into: UnsafeMutableRawBufferPointer(rebasing: memory[16..<32])) }
            return count
        }
    }
}
