extension Tokenizer {
    /// Appends the lower-cased form of `scalar` to `out`.
    @inline(__always)
    static func appendLowercased(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A {
                out.append(Unicode.Scalar(v + 32)!)
            } else {
                out.append(scalar)
            }
            return
        }
        if scalar.properties.isUppercase {
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        } else {
            out.append(scalar)
        }
    }

    /// Appends `scalar` (already lower-case) to `out` with its diacritic removed; combining marks vanish.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v < 0xC0 {
            out.append(scalar)
            return
        }
        if let base = foldedBase(v) {
            out.append(contentsOf: base.unicodeScalars)
        } else if v >= 0x300 && v <= 0x36F {
            return  // combining diacritical mark
        } else {
            out.append(scalar)
        }
    }

    /// The ASCII base of a lower-case Latin letter with a diacritic, or nil.
    static func foldedBase(_ v: UInt32) -> String? {
        switch v {
        case 0xE0...0xE5, 0x101, 0x103, 0x105: return "a"
        case 0xE6: return "ae"
        case 0xE7, 0x107, 0x10D: return "c"
        case 0xE8...0xEB, 0x113, 0x117, 0x119, 0x11B: return "e"
        case 0xEC...0xEF, 0x12B, 0x12F, 0x131: return "i"
        case 0xF1, 0x144, 0x148: return "n"
        case 0xF2...0xF6, 0xF8, 0x14D, 0x151: return "o"
        case 0x153: return "oe"
        case 0xF9...0xFC, 0x16B, 0x16F, 0x171: return "u"
        case 0xFD, 0xFF: return "y"
        case 0xDF: return "ss"
        case 0x142: return "l"
        case 0x161, 0x15B: return "s"
        case 0x17E, 0x17A, 0x17C: return "z"
        default: return nil
        }
    }

    /// Lower-cases and folds diacritics of a whole string (used for lexicon keys and prompts).
    static func fold(_ text: String) -> String {
        var lowered = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            appendLowercased(Tokenizer.normalizedApostrophe(scalar), to: &lowered)
        }
        var out = String.UnicodeScalarView()
        for scalar in lowered {
            appendFolded(scalar, to: &out)
        }
        return String(out)
    }

    @inline(__always)
    static func normalizedApostrophe(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x0060: return "'"
        default: return scalar
        }
    }
}
