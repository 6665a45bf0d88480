extension Tokenizer.Scanner {
    /// The letters of laughter ("h", "a", "j", "k", "e", "r", "s") as bits of `letter - "a"`.
    static var laughterLetters: UInt32 {
        let a: UInt32 = 0x61
        return 1 << (0x68 - a) | 1 << (0x61 - a) | 1 << (0x6A - a) | 1 << (0x6B - a) | 1 << (0x65 - a) | 1 << (0x72 - a) | 1 << (0x73 - a)
    }

    /// The common case of ``appendWord(_:_:)``: a word of ASCII letters and digits only (no apostrophe, nothing to
    /// fold, no elision), when surfaces are not kept. Produces exactly the token ``appendWord(_:_:)`` would, but
    /// lower-cases in one pass and hashes the key (and the squeezed form) as it writes them. Returns false, having
    /// done nothing, when the word is not such a word.
    @inline(__always)
    mutating func appendASCIIWord(_ start: Int, _ end: Int) -> Bool {
        if keepSurface { return false }
        folded.count = 0
        var upper = 0, lower = 0
        // Bit per lower-case letter seen (bit 26: a digit), to skip the laughter check for most words.
        var letters: UInt32 = 0
        for k in start..<end {
            var v = s[k]
            if v >= 0x80 || v == 0x27 { return false }
            if v >= 0x41 && v <= 0x5A {
                upper += 1
                v += 32
            } else if v >= 0x61 && v <= 0x7A {
                lower += 1
            }
            letters |= v >= 0x61 ? 1 << (v - 0x61) : 1 << 26
            folded.append(v)
        }
        if upper + lower > 0 { out.letterWords += 1 }
        let isAllCaps = upper >= 2 && lower == 0
        if isAllCaps { out.allCapsWords += 1 }
        if letters & ~Self.laughterLetters == 0, let laughter = Self.laughter(folded, from: 0) {
            let keyStart = keys.count
            for b in laughter.utf8 { keys.append(b) }
            appendToken(.word, keyStart: keyStart, allCaps: false)
            return true
        }
        let count = folded.count
        let keyStart = keys.count
        var keyHash = KeyHash.offset
        var elongated = false
        var k = 0
        while k < count {
            let v = folded[k]
            var run = k + 1
            while run < count && folded[run] == v { run += 1 }
            if run - k >= 3 && v >= 0x61 && v <= 0x7A { elongated = true }
            keys.append(UInt8(v))
            keyHash = (keyHash ^ UInt64(v)) &* KeyHash.prime
            if run - k >= 2 {
                keys.append(UInt8(v))
                keyHash = (keyHash ^ UInt64(v)) &* KeyHash.prime
            }
            k = run
        }
        let keyLength = keys.count - keyStart
        var squeezedStart = keyStart, squeezedLength = keyLength, squeezedHash = keyHash
        if elongated {
            squeezedStart = keys.count
            squeezedHash = KeyHash.offset
            k = 0
            while k < count {
                let v = folded[k]
                var run = k + 1
                while run < count && folded[run] == v { run += 1 }
                keys.append(UInt8(v))
                squeezedHash = (squeezedHash ^ UInt64(v)) &* KeyHash.prime
                k = run
            }
            squeezedLength = keys.count - squeezedStart
        }
        out.tokens.append(
            Tokenizer.ScanToken(
                kind: .word,
                isAllCaps: isAllCaps,
                isElongated: elongated,
                keyHash: keyHash,
                squeezedHash: squeezedHash,
                keyStart: Int32(keyStart),
                keyLength: Int32(keyLength),
                squeezedStart: Int32(squeezedStart),
                squeezedLength: Int32(squeezedLength),
                surfaceStart: 0,
                surfaceLength: -1
            )
        )
        out.wordCount += 1
        return true
    }
}
