/// A fixed-capacity scalar list over caller-owned memory (no allocation, no uniqueness checks).
struct ScratchScalars {
    let base: UnsafeMutableBufferPointer<UInt32>
    var count = 0

    init(base: UnsafeMutableBufferPointer<UInt32>) { self.base = base }

    @inline(__always) mutating func append(_ v: UInt32) {
        base[count] = v
        count += 1
    }

    @inline(__always) subscript(_ index: Int) -> UInt32 { base[index] }

    func firstIndex(of v: UInt32) -> Int? {
        for i in 0..<count where base[i] == v { return i }
        return nil
    }
}

/// Unicode properties of the scalars below U+0800 (Latin, Greek, Cyrillic…), precomputed once:
/// bits 0–20 the lower-case mapping (when it is one scalar), then flag bits.
enum ScalarInfo {
    static let tableSize: UInt32 = 0x800
    static let valueMask: UInt32 = 0x1F_FFFF
    static let alpha: UInt32 = 1 << 24
    static let upper: UInt32 = 1 << 25
    static let lower: UInt32 = 1 << 26
    static let space: UInt32 = 1 << 27
    static let complexLower: UInt32 = 1 << 28

    static let table: [UInt32] = (0..<tableSize).map { v in
        guard let scalar = Unicode.Scalar(v) else { return 0 }
        let p = scalar.properties
        var entry: UInt32 = v
        if p.isAlphabetic { entry |= alpha }
        if p.isWhitespace { entry |= space }
        if p.isUppercase {
            entry |= upper
            let mapping = Array(p.lowercaseMapping.unicodeScalars)
            if mapping.count == 1 { entry = (entry & ~valueMask) | mapping[0].value } else { entry |= complexLower }
        } else if p.isLowercase {
            entry |= lower
        }
        return entry
    }
}

/// A fixed-capacity byte list over caller-owned memory: the normalised keys of one scan, written without the
/// uniqueness and capacity checks of an `Array` append, and copied into ``Tokenizer/Scan/bytes`` once at the end.
struct ScratchBytes {
    let base: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    init(base: UnsafeMutableBufferPointer<UInt8>) { self.base = base }

    @inline(__always) mutating func append(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) subscript(_ index: Int) -> UInt8 { base[index] }

    /// ``KeyHash`` of `length` bytes from `start`.
    @inline(__always) func hash(from start: Int, length: Int) -> UInt64 {
        KeyHash.hash(UnsafeBufferPointer(rebasing: base[start..<start + length]))
    }

    /// The bytes written so far, as an array.
    var array: [UInt8] { Array(base[0..<count]) }
}
