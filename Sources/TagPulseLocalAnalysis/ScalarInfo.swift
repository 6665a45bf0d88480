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
