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
    static let emoji: UInt32 = 1 << 29

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

extension ScalarInfo {
    /// The two blocks above ``tableSize`` where the symbols of comments are (U+2000–U+2BFF: punctuation, arrows,
    /// dingbats, "❤", "✨"; U+1F000–U+1FAFF: pictographs and most emoji), one entry per scalar with the ``alpha``,
    /// ``space`` and ``emoji`` flags: a lookup instead of a Unicode property query per emoji.
    static let symbolBlocks: [Range<UInt32>] = [0x2000..<0x2C00, 0x1F000..<0x1FB00]
    static let symbols: [UInt32] = symbolBlocks.flatMap { block in
        block.map { v -> UInt32 in
            guard let p = Unicode.Scalar(v)?.properties else { return 0 }
            return (p.isAlphabetic ? alpha : 0) | (p.isWhitespace ? space : 0) | (p.isEmoji ? emoji : 0)
        }
    }

    /// Where `v` is in ``symbols``, or -1 (the bounds of ``symbolBlocks``, written out for the hot path; a test
    /// checks they agree).
    @inline(__always)
    static func symbolIndex(_ v: UInt32) -> Int {
        if v >= 0x2000 && v < 0x2C00 { return Int(v - 0x2000) }
        if v >= 0x1F000 && v < 0x1FB00 { return Int(v - 0x1F000) + 0xC00 }
        return -1
    }
}
