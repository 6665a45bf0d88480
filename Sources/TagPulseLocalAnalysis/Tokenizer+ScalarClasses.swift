extension Tokenizer.Scanner {
    // What kind of scalar: the tests of `run()` and `chunk(_:_:)`, from the precomputed tables where they cover it.

    @inline(__always) func isSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < ScalarInfo.tableSize { return info[Int(v)] & ScalarInfo.space != 0 }
        return hasFlag(ScalarInfo.space, v) ?? Unicode.Scalar(v)?.properties.isWhitespace ?? false
    }

    @inline(__always) func isAlphabetic(_ v: UInt32) -> Bool {
        if v < ScalarInfo.tableSize { return info[Int(v)] & ScalarInfo.alpha != 0 }
        return hasFlag(ScalarInfo.alpha, v) ?? Unicode.Scalar(v)?.properties.isAlphabetic ?? false
    }

    /// The flag from ``ScalarInfo/symbols``, or nil when `v` is outside its blocks.
    @inline(__always) func hasFlag(_ flag: UInt32, _ v: UInt32) -> Bool? {
        let index = ScalarInfo.symbolIndex(v)
        return index >= 0 ? symbols[index] & flag != 0 : nil
    }

    @inline(__always) func isWordScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) }
        if v >= 0x2000 { return v >= 0x3000 && isAlphabetic(v) }
        return isAlphabetic(v)
    }

    @inline(__always) func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        return isAlphabetic(v)
    }

    /// "xd" packed as in ``Tokenizer/packedEmoticons``.
    static let packedXD: UInt32 = 0x78 | 0x64 << 8

    @inline(__always) static func lowerASCII(_ v: UInt32) -> UInt32 { v >= 0x41 && v <= 0x5A ? v + 32 : v }

    @inline(__always) static func isApostrophe(_ v: UInt32) -> Bool {
        v == 0x27 || v == 0x2019 || v == 0x2018 || v == 0x02BC
    }

    /// Whether a chunk of 2 to 4 scalars with these ends may be an emoticon (all ASCII, and a symbol at one end
    /// or ends like an emoticon's): the set is checked only then.
    @inline(__always) func mayBeEmoticon(first: UInt32, last: UInt32) -> Bool {
        guard first < 0x80 && last < 0x80 else { return false }
        let f = Self.lowerASCII(first), l = Self.lowerASCII(last)
        guard Tokenizer.isAlphanumericASCII(f) && Tokenizer.isAlphanumericASCII(l) else { return true }
        let pair = Int(f) << 7 | Int(l)
        return Tokenizer.emoticonEdgePairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }

    func isEmoji(_ v: UInt32) -> Bool {
        if v < 0x2190 { return false }
        if v == 0x200D || v == 0xFE0F || v == 0xFE0E || v == 0x20E3 { return false }
        if (0x1F3FB...0x1F3FF).contains(v) || (0x1F1E6...0x1F1FF).contains(v) || (0xE0020...0xE007F).contains(v) { return false }
        return hasFlag(ScalarInfo.emoji, v) ?? Unicode.Scalar(v)?.properties.isEmoji ?? false
    }
}
