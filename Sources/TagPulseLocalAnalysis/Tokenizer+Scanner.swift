extension Tokenizer {
    struct Scanner {
        let s: UnsafeBufferPointer<UInt32>
        let keepSurface: Bool
        let info: [UInt32]
        /// ``ScalarInfo/symbols``.
        let symbols: [UInt32]
        var out = Scan()
        /// Scratch for one word: lower-cased and folded scalars (a scalar expands to at most 3).
        let loweredBuffer: UnsafeMutableBufferPointer<UInt32>
        let foldedBuffer: UnsafeMutableBufferPointer<UInt32>
        var lowered: ScratchScalars
        var folded: ScratchScalars
        /// The key bytes (``Scan/bytes`` once the scan is done).
        var keys: ScratchBytes

        init(
            s: UnsafeBufferPointer<UInt32>,
            keepSurface: Bool,
            info: [UInt32],
            symbols: [UInt32],
            lowered: UnsafeMutableBufferPointer<UInt32>,
            folded: UnsafeMutableBufferPointer<UInt32>,
            keys: UnsafeMutableBufferPointer<UInt8>
        ) {
            self.s = s
            self.keepSurface = keepSurface
            self.info = info
            self.symbols = symbols
            self.loweredBuffer = lowered
            self.foldedBuffer = folded
            self.lowered = ScratchScalars(base: lowered)
            self.folded = ScratchScalars(base: folded)
            self.keys = ScratchBytes(base: keys)
        }

        mutating func run() {
            let n = s.count
            var i = 0
            while i < n {
                while i < n && isSpace(s[i]) { i += 1 }
                let start = i
                while i < n && !isSpace(s[i]) { i += 1 }
                if start < i { chunk(start, i) }
            }
        }

        mutating func chunk(_ start: Int, _ end: Int) {
            let first = s[start]
            if first == 0x40 { return }  // "@"
            let length = end - start
            if length >= 4 {
                let a = Self.lowerASCII(s[start]), b = Self.lowerASCII(s[start + 1])
                let c = Self.lowerASCII(s[start + 2]), d = Self.lowerASCII(s[start + 3])
                if (a == 0x68 && b == 0x74 && c == 0x74 && d == 0x70) || (a == 0x77 && b == 0x77 && c == 0x77 && d == 0x2E) { return }
            }
            if length <= 4 && length >= 2 && mayBeEmoticon(first: first, last: s[end - 1]) {
                var packed: UInt32 = 0
                var allASCII = true
                // Every emoticon but "xd" has a byte that is not a letter or digit: plain words skip the set.
                var hasSymbol = false
                for k in start..<end {
                    let v = s[k]
                    guard v < 0x80 else { allASCII = false; break }
                    let l = Self.lowerASCII(v)
                    if !((l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39)) { hasSymbol = true }
                    packed |= l << (8 * UInt32(k - start))
                }
                if allASCII && (hasSymbol || packed == Self.packedXD) && Tokenizer.packedEmoticons.lookup(UInt64(packed)) >= 0 {
                    let keyStart = keys.count
                    for k in start..<end { keys.append(UInt8(Self.lowerASCII(s[k]))) }
                    appendToken(.emoticon, keyStart: keyStart, allCaps: false)
                    out.symbolCount += 1
                    return
                }
            }
            var j = start
            while j < end {
                let scalar = s[j]
                if isWordScalar(scalar) {
                    if scalar < 0x80 && !keepSurface, let wordEnd = appendASCIIWord(j, end) {
                        j = wordEnd
                        continue
                    }
                    var wordEnd = j + 1
                    while wordEnd < end {
                        let next = s[wordEnd]
                        if isWordScalar(next) || (next >= 0x300 && next <= 0x36F) {
                            wordEnd += 1
                        } else if Self.isApostrophe(next) && wordEnd + 1 < end && isWordScalar(s[wordEnd + 1]) {
                            wordEnd += 1
                        } else {
                            break
                        }
                    }
                    appendWord(j, wordEnd)
                    j = wordEnd
                    continue
                }
                switch scalar {
                case 0x21, 0xA1:  // ! ¡
                    var k = j
                    while k < end && (s[k] == 0x21 || s[k] == 0xA1) { k += 1 }
                    if scalar == 0x21 { out.exclamations += k - j }
                    let keyStart = keys.count
                    keys.append(0x21)
                    appendToken(.punctuation, keyStart: keyStart, allCaps: false)
                    j = k
                case 0x3F, 0xBF:  // ? ¿
                    var k = j
                    while k < end && (s[k] == 0x3F || s[k] == 0xBF) { k += 1 }
                    if scalar == 0x3F {
                        out.questions += k - j
                        let keyStart = keys.count
                        keys.append(0x3F)
                        appendToken(.punctuation, keyStart: keyStart, allCaps: false)
                    }
                    j = k
                default:
                    if isEmoji(scalar) {
                        let keyStart = keys.count
                        Self.appendUTF8(scalar, to: &keys)
                        appendToken(.emoji, keyStart: keyStart, allCaps: false)
                        out.symbolCount += 1
                    }
                    j += 1
                }
            }
        }

        /// Appends a token whose key (== squeezed == surface) is `bytes[keyStart...]`.
        @inline(__always) mutating func appendToken(_ kind: Token.Kind, keyStart: Int, allCaps: Bool) {
            let length = keys.count - keyStart
            let hash = keys.hash(from: keyStart, length: length)
            out.tokens.append(
                ScanToken(
                    kind: kind,
                    isAllCaps: allCaps,
                    isElongated: false,
                    keyHash: hash,
                    squeezedHash: hash,
                    keyStart: Int32(keyStart),
                    keyLength: Int32(length),
                    squeezedStart: Int32(keyStart),
                    squeezedLength: Int32(length),
                    surfaceStart: 0,
                    surfaceLength: -1
                )
            )
            if kind == .word { out.wordCount += 1 }
        }

        /// Appends the token of the word `s[start..<end]`: lower-cased, folded, elision split, laughter and
        /// elongation normalised (the general path; ``appendASCIIWord(_:_:)`` takes plain ASCII words first).
        mutating func appendWord(_ start: Int, _ end: Int) {
            lowered.count = 0
            folded.count = 0
            var upper = 0, lower = 0
            var hasApostrophe = false
            for k in start..<end {
                var v = s[k]
                switch v {
                case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x0060: v = 0x27
                default: break
                }
                if v < 0x80 {
                    if v >= 0x41 && v <= 0x5A {
                        upper += 1
                        v += 32
                    } else if v >= 0x61 && v <= 0x7A {
                        lower += 1
                    } else if v == 0x27 {
                        hasApostrophe = true
                    }
                    lowered.append(v)
                    folded.append(v)
                    continue
                }
                if v < ScalarInfo.tableSize {
                    let entry = info[Int(v)]
                    if entry & ScalarInfo.upper != 0 {
                        upper += 1
                        if entry & ScalarInfo.complexLower == 0 {
                            let l = entry & ScalarInfo.valueMask
                            lowered.append(l)
                            Self.appendFolded(l, to: &folded)
                            continue
                        }
                    } else if entry & ScalarInfo.lower != 0 {
                        lower += 1
                        lowered.append(v)
                        Self.appendFolded(v, to: &folded)
                        continue
                    } else {
                        lowered.append(v)
                        Self.appendFolded(v, to: &folded)
                        continue
                    }
                }
                guard let scalar = Unicode.Scalar(v) else { continue }
                let properties = scalar.properties
                if properties.isUppercase {
                    if v >= ScalarInfo.tableSize { upper += 1 }
                    for l in properties.lowercaseMapping.unicodeScalars {
                        lowered.append(l.value)
                        Self.appendFolded(l.value, to: &folded)
                    }
                } else {
                    if properties.isLowercase { lower += 1 }
                    lowered.append(v)
                    Self.appendFolded(v, to: &folded)
                }
            }
            if upper + lower > 0 { out.letterWords += 1 }
            let isAllCaps = upper >= 2 && lower == 0
            if isAllCaps { out.allCapsWords += 1 }
            var from = 0
            var surfaceFrom = 0

            // French / Italian elision: "n'est" -> "n'" + "est".
            if hasApostrophe, let apostrophe = folded.firstIndex(of: 0x27) {
                var h = KeyHash.offset
                var ascii = true
                for k in 0..<apostrophe {
                    let v = folded[k]
                    if v >= 0x80 { ascii = false; break }
                    h = (h ^ UInt64(v)) &* KeyHash.prime
                }
                if ascii && Tokenizer.packedElisionPrefixes.lookup(h) >= 0 {
                    let keyStart = keys.count
                    for k in 0...apostrophe { keys.append(UInt8(folded[k])) }
                    appendToken(.word, keyStart: keyStart, allCaps: isAllCaps)
                    if keepSurface { setSurfaceToKey() }
                    from = apostrophe + 1
                    if let surfaceApostrophe = lowered.firstIndex(of: 0x27) { surfaceFrom = surfaceApostrophe + 1 }
                    if from == folded.count { return }
                }
            }
            if let laughter = Self.laughter(folded, from: from) {
                let keyStart = keys.count
                for b in laughter.utf8 { keys.append(b) }
                appendToken(.word, keyStart: keyStart, allCaps: false)
                if keepSurface { setSurfaceToKey() }
                return
            }
            let keyStart = keys.count
            var elongated = false
            var k = from
            let count = folded.count
            while k < count {
                var run = k + 1
                while run < count && folded[run] == folded[k] { run += 1 }
                if run - k >= 3 && isLetter(folded[k]) { elongated = true }
                Self.appendUTF8(folded[k], to: &keys)
                if run - k >= 2 { Self.appendUTF8(folded[k], to: &keys) }
                k = run
            }
            let keyLength = keys.count - keyStart
            let keyHash = keys.hash(from: keyStart, length: keyLength)
            var squeezedStart = keyStart, squeezedLength = keyLength, squeezedHash = keyHash
            if elongated {
                squeezedStart = keys.count
                k = from
                while k < count {
                    var run = k + 1
                    while run < count && folded[run] == folded[k] { run += 1 }
                    Self.appendUTF8(folded[k], to: &keys)
                    k = run
                }
                squeezedLength = keys.count - squeezedStart
                squeezedHash = keys.hash(from: squeezedStart, length: squeezedLength)
            }
            var surfaceStart = 0, surfaceLength = -1
            if keepSurface {
                surfaceStart = out.surfaceBytes.count
                for index in surfaceFrom..<lowered.count { Self.appendUTF8(lowered[index], to: &out.surfaceBytes) }
                surfaceLength = out.surfaceBytes.count - surfaceStart
            }
            out.tokens.append(
                ScanToken(
                    kind: .word,
                    isAllCaps: isAllCaps,
                    isElongated: elongated,
                    keyHash: keyHash,
                    squeezedHash: squeezedHash,
                    keyStart: Int32(keyStart),
                    keyLength: Int32(keyLength),
                    squeezedStart: Int32(squeezedStart),
                    squeezedLength: Int32(squeezedLength),
                    surfaceStart: Int32(surfaceStart),
                    surfaceLength: Int32(surfaceLength)
                )
            )
            out.wordCount += 1
        }

        /// For keep-surface scans: the last token's surface is its key.
        mutating func setSurfaceToKey() {
            let last = out.tokens.count - 1
            let t = out.tokens[last]
            let start = out.surfaceBytes.count
            out.surfaceBytes.append(contentsOf: keys.base[Int(t.keyStart)..<Int(t.keyStart + t.keyLength)])
            out.tokens[last].surfaceStart = Int32(start)
            out.tokens[last].surfaceLength = t.keyLength
        }
    }
}
