extension AspectLexicon {
    /// Aspects shown by symbols rather than words: an amount of money ("$399", "12 €", "£5") is about the price,
    /// "X > Y" between words is a comparison. Over the text's raw UTF-8.
    static func symbolMask(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var mask: UInt32 = 0
        let count = utf8.count
        @inline(__always) func isDigit(_ i: Int) -> Bool { i >= 0 && i < count && utf8[i] >= 0x30 && utf8[i] <= 0x39 }
        @inline(__always) func isWordByte(_ i: Int) -> Bool {
            guard i >= 0 && i < count else { return false }
            let b = utf8[i]
            return (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80
        }
        var i = 0
        while i < count {
            let b = utf8[i]
            if b == 0x24 {  // "$"
                if isDigit(i + 1) || isDigit(i - 1) || (i + 2 < count && utf8[i + 1] == 0x20 && isDigit(i + 2)) { mask |= PromptAspect.price.bit }
            } else if b == 0xC2 && i + 1 < count && utf8[i + 1] == 0xA3 {  // "£"
                if isDigit(i + 2) || isDigit(i - 1) || isDigit(i - 2) { mask |= PromptAspect.price.bit }
            } else if b == 0xE2 && i + 2 < count && utf8[i + 1] == 0x82 && utf8[i + 2] == 0xAC {  // "€"
                if isDigit(i + 3) || isDigit(i - 1) || isDigit(i - 2) { mask |= PromptAspect.price.bit }
            } else if b == 0x3E {  // ">" between words, spaces allowed
                var before = i - 1
                while before >= 0 && utf8[before] == 0x20 { before -= 1 }
                var after = i + 1
                while after < count && utf8[after] == 0x20 { after += 1 }
                if isWordByte(before) && isWordByte(after) { mask |= PromptAspect.comparison.bit }
            }
            i += 1
        }
        return mask
    }
}
