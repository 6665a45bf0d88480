extension Tokenizer.Scanner {
    // The forms a key takes in the key bytes: UTF-8, diacritics folded, canonical laughter.

    /// Appends the UTF-8 encoding of the scalar `v` to `bytes`: the key bytes, or the surfaces of a keep-surface
    /// scan (specialised for each, so no generic call remains on the hot path).
    @inline(__always) static func appendUTF8<Sink: UTF8ByteSink>(_ v: UInt32, to bytes: inout Sink) {
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Appends `v` (already lower-case) with its diacritic removed; combining marks vanish.
    @inline(__always) static func appendFolded(_ v: UInt32, to out: inout ScratchScalars) {
        if v < 0xC0 { out.append(v); return }
        if let base = Tokenizer.foldedBase(v) {
            for b in base.utf8 { out.append(UInt32(b)) }
        } else if v >= 0x300 && v <= 0x36F {
            return
        } else {
            out.append(v)
        }
    }

    /// "hahaha", "jajaja", "kkkk", "hehe", "rsrs" -> a canonical laughter token.
    static func laughter(_ folded: ScratchScalars, from: Int) -> String? {
        let n = folded.count - from
        guard n >= 3 else { return nil }
        var h = 0, a = 0, j = 0, k = 0, e = 0, r = 0, s = 0
        for index in from..<folded.count {
            switch folded[index] {
            case 0x68: h += 1
            case 0x61: a += 1
            case 0x6A: j += 1
            case 0x6B: k += 1
            case 0x65: e += 1
            case 0x72: r += 1
            case 0x73: s += 1
            default: return nil
            }
        }
        if h + a == n && h >= 2 && a >= 1 { return "haha" }
        if j + a == n && j >= 2 && a >= 1 { return "jaja" }
        if h + e == n && h >= 2 && e >= 1 { return "haha" }
        if j + e == n && j >= 2 && e >= 1 { return "jaja" }
        if k == n { return "kkk" }
        if r + s == n && r >= 2 && s >= 2 { return "rsrs" }
        return nil
    }
}

/// Where ``Tokenizer/Scanner/appendUTF8(_:to:)`` writes: the scanner's scratch bytes or a plain byte array.
protocol UTF8ByteSink {
    mutating func append(_ byte: UInt8)
}

extension ScratchBytes: UTF8ByteSink {}

extension Array: UTF8ByteSink where Element == UInt8 {}
