extension Tokenizer.Scanner {
    /// The letters of laughter ("h", "a", "j", "k", "e", "r", "s") as bits of `letter - "a"`.
    static var laughterLetters: UInt32 {
        let a: UInt32 = 0x61
        return 1 << (0x68 - a) | 1 << (0x61 - a) | 1 << (0x6A - a) | 1 << (0x6B - a) | 1 << (0x65 - a) | 1 << (0x72 - a) | 1 << (0x73 - a)
    }

    /// The common case of a word: ASCII letters and digits only (no apostrophe, nothing to fold, no elision), when
    /// surfaces are not kept. Produces exactly the token ``appendWord(_:_:)`` would for the same word, in one pass:
    /// it finds the word's end, lower-cases, caps runs at two, hashes the key and notes an elongation as it goes.
    ///
    /// Starts at `start` (an ASCII letter or digit) and stops at the first scalar that is not one. When the word
    /// goes on there (a non-ASCII letter, a combining mark, an apostrophe between letters), it undoes its writes and
    /// returns nil: the caller takes the general path. Otherwise it appends the token and returns the word's end.
    @inline(__always)
    mutating func appendASCIIWord(_ start: Int, _ end: Int) -> Int? {
        let keyStart = keys.count
        // Locals, not the scanner's fields: the byte stores below may alias anything, so fields would be reloaded
        // and stored on every scalar.
        let scalars = s.baseAddress!
        let keyBytes = keys.base.baseAddress!
        var keyCount = keyStart
        let foldedScalars = folded.base.baseAddress!
        var foldedCount = 0
        var upper = 0, lower = 0
        // Bit per lower-case letter seen (bit 26: a digit), to skip the laughter check for most words.
        var letters: UInt32 = 0
        var keyHash = KeyHash.offset
        var previous: UInt32 = 0xFFFF_FFFF
        var run = 0
        var elongated = false
        var k = start
        while k < end {
            var v = scalars[k]
            let lowered = v | 0x20
            if lowered >= 0x61 && lowered <= 0x7A {
                if v < 0x61 { upper += 1 } else { lower += 1 }
                v = lowered
                letters |= 1 << (v - 0x61)
            } else if v >= 0x30 && v <= 0x39 {
                letters |= 1 << 26
            } else {
                break
            }
            foldedScalars[foldedCount] = v
            foldedCount += 1
            if v == previous {
                run += 1
            } else {
                previous = v
                run = 1
            }
            if run <= 2 {
                keyBytes[keyCount] = UInt8(v)
                keyCount += 1
                keyHash = (keyHash ^ UInt64(v)) &* KeyHash.prime
            } else if run == 3 && v >= 0x61 {
                elongated = true
            }
            k += 1
        }
        folded.count = foldedCount
        if k < end {
            let next = s[k]
            if isWordScalar(next) || (next >= 0x300 && next <= 0x36F)
                || (Self.isApostrophe(next) && k + 1 < end && isWordScalar(s[k + 1]))
            {
                return nil
            }
        }
        keys.count = keyCount
        if upper + lower > 0 { out.letterWords += 1 }
        let isAllCaps = upper >= 2 && lower == 0
        if isAllCaps { out.allCapsWords += 1 }
        if letters & ~Self.laughterLetters == 0, let laughter = Self.laughter(folded, from: 0) {
            keys.count = keyStart
            for b in laughter.utf8 { keys.append(b) }
            appendToken(.word, keyStart: keyStart, allCaps: false)
            return k
        }
        let keyLength = keys.count - keyStart
        var squeezedStart = keyStart, squeezedLength = keyLength, squeezedHash = keyHash
        if elongated {
            // Runs are at most two long in the key: squeezing the key squeezes the word.
            squeezedStart = keys.count
            squeezedHash = KeyHash.offset
            var last: UInt8 = 0
            for index in keyStart..<(keyStart + keyLength) {
                let b = keys[index]
                if index > keyStart && b == last { continue }
                last = b
                keys.append(b)
                squeezedHash = (squeezedHash ^ UInt64(b)) &* KeyHash.prime
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
        return k
    }
}
