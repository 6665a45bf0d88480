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
/// a lookup is one multiply and, almost always, one probe of one 16-byte slot (key and value side by side, so a
/// probe touches one cache line).
struct HashTable64: Sendable {
    private struct Slot: Sendable {
        var key: UInt64 = 0
        /// -1: empty (stored values are never negative).
        var value: Int32 = -1
    }

    private var slots: [Slot]
    private let mask: Int
    private let shift: UInt64

    /// - Parameter pairs: keys and values (not negative); for a repeated key the first pair wins.
    init(_ pairs: [(UInt64, Int32)]) {
        self.init(capacity: pairs.count)
        for (key, value) in pairs { insert(key, value) }
    }

    /// An empty table with room for `capacity` keys (at most half full).
    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 + 1 { size <<= 1; bits += 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
        shift = 64 - bits
    }

    /// Adds `key` → `value` (not negative) unless `key` is present; returns whether it was added. The caller keeps
    /// the count within the capacity.
    @discardableResult
    mutating func insert(_ key: UInt64, _ value: Int32) -> Bool {
        precondition(value >= 0, "HashTable64 values must not be negative")
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot].value >= 0 {
            if slots[slot].key == key { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, value: value)
        return true
    }

    @inline(__always)
    func lookup(_ key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return slots.withUnsafeBufferPointer { s in
            while true {
                let entry = s[slot]
                if entry.value < 0 { return -1 }
                if entry.key == key { return entry.value }
                slot = (slot + 1) & mask
            }
        }
    }
}
