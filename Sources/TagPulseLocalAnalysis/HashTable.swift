/// 64-bit FNV-1a over UTF-8 bytes: the identity of a normalised key on the hot path (no `String` is built).
/// Collisions between the few thousand lexicon keys and a text's words are negligible at 64 bits.
enum KeyHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = offset
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    static func hash(_ string: String) -> UInt64 {
        var h = offset
        for b in string.utf8 { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// Combines a sequence of 32-bit ids (phrase keys) into one 64-bit key.
    @inline(__always)
    static func combine(_ h: UInt64, _ id: Int32) -> UInt64 {
        var x = (h ^ UInt64(UInt32(bitPattern: id))) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }
}

/// An immutable open-addressing table from 64-bit keys to 32-bit values (-1 when absent). Built once;
/// a lookup is one multiply and, almost always, one probe.
struct HashTable64: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var used: [Bool]
    private let mask: Int
    private let shift: UInt64

    init(_ pairs: [(UInt64, Int32)]) {
        var capacity = 16
        var bits: UInt64 = 4
        while capacity < pairs.count * 2 + 1 { capacity <<= 1; bits += 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Int32](repeating: -1, count: capacity)
        used = [Bool](repeating: false, count: capacity)
        mask = capacity - 1
        shift = 64 - bits
        for (key, value) in pairs {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while used[slot] && keys[slot] != key { slot = (slot + 1) & mask }
            if !used[slot] {
                used[slot] = true
                keys[slot] = key
                values[slot] = value
            }
        }
    }

    @inline(__always)
    func lookup(_ key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return keys.withUnsafeBufferPointer { k in
            used.withUnsafeBufferPointer { u in
                while u[slot] {
                    if k[slot] == key { return values.withUnsafeBufferPointer { $0[slot] } }
                    slot = (slot + 1) & mask
                }
                return -1
            }
        }
    }
}
