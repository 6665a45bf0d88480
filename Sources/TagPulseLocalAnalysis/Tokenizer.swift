/// Splits a text into word, emoji, emoticon and "!"/"?" tokens in one pass over its unicode scalars.
///
/// Mentions ("@user") and links ("http…", "www.…") are dropped, hashtags become plain words,
/// words are lower-cased with diacritics folded ("Très" -> "tres"), elongations are collapsed
/// ("sooo" -> "soo" / "so"), laughter is normalised ("hahahah" -> "haha") and French/Italian
/// elisions are split ("n'est" -> "n'", "est").
///
/// The hot path (``scan(_:)``) builds no `String`: it writes the normalised keys as UTF-8 bytes into one
/// buffer and identifies each by a 64-bit hash (``KeyHash``), which ``Vocabulary`` maps to a small id.
/// ``tokenize(_:)`` materialises `String` tokens from the same scan for the non-hot callers.
struct Tokenizer: Sendable {
    /// Tokens of a text plus a few whole-text statistics.
    struct Result: Sendable {
        var tokens: [Token] = []
        var exclamations = 0
        var questions = 0
        /// Number of word tokens written in ALL CAPS.
        var allCapsWords = 0
        /// Number of word tokens that contain a letter.
        var letterWords = 0
    }

    /// One token of a scan: kind, flags, hashes/ids of its normalised forms and where its bytes are.
    struct ScanToken: Sendable {
        var kind: Token.Kind
        var isAllCaps: Bool
        var isElongated: Bool
        /// Ids from ``Vocabulary`` (-1: not a vocabulary key); filled by ``Vocabulary/resolve(_:)``.
        var keyID: Int32 = -1
        var squeezedID: Int32 = -1
        var keyHash: UInt64
        var squeezedHash: UInt64
        var keyStart: Int32
        var keyLength: Int32
        var squeezedStart: Int32
        var squeezedLength: Int32
        var surfaceStart: Int32
        var surfaceLength: Int32

        var isWord: Bool { kind == .word }
    }

    /// A scanned text: tokens plus the bytes of their keys and whole-text statistics.
    struct Scan: Sendable {
        var tokens: [ScanToken] = []
        var bytes: [UInt8] = []
        var surfaceBytes: [UInt8] = []
        var exclamations = 0
        var questions = 0
        var allCapsWords = 0
        var letterWords = 0
        var wordCount = 0
        var symbolCount = 0
        /// Whether the text has a scalar above ASCII (the language guesser's orthographic cues).
        var hasNonASCII = false

        /// Empties the scan, keeping its arrays' capacity.
        mutating func reset() {
            tokens.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            surfaceBytes.removeAll(keepingCapacity: true)
            exclamations = 0
            questions = 0
            allCapsWords = 0
            letterWords = 0
            wordCount = 0
            symbolCount = 0
            hasNonASCII = false
        }
    }

    /// When true, ``Token/surface`` keeps diacritics (needed for prompt keywords); otherwise it equals the key.
    var keepSurface = false

    static let emoticons: Set<String> = [
        ":)", ":-)", ":))", ":)))", ":]", "=)", ":d", ":-d", "xd", ";)", ";-)", ";d", ":p", ":-p", "<3", "<33",
        "<333", "^^", "^_^", "^.^", ":*", ":(", ":-(", ":((", ":'(", ":/", ":-/", ":|", "-_-", "t_t", "t.t",
        ":@", ">:(", "d:", ":c", ":o", "8)", "(:", "):",
    ]

    /// The emoticons packed as little-endian ASCII (at most 4 bytes), for an allocation-free lookup.
    static let packedEmoticons = HashTable64(emoticons.map { (UInt64(packASCII(Array($0.utf8))), 0) })

    /// Bit `first << 7 | last` is set for the emoticons whose first and last bytes are both letters or digits
    /// ("xd", "t_t"): a short chunk with a letter or digit at both ends and no bit set is not an emoticon.
    static let emoticonEdgePairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 128 * 128 / 64)
        for emoticon in emoticons {
            let bytes = Array(emoticon.utf8)
            guard let first = bytes.first, let last = bytes.last, isAlphanumericASCII(first), isAlphanumericASCII(last) else { continue }
            let pair = Int(first) << 7 | Int(last)
            bits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return bits
    }()

    @inline(__always)
    static func isAlphanumericASCII<T: BinaryInteger>(_ v: T) -> Bool {
        (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
    }

    static func packASCII(_ bytes: [UInt8]) -> UInt32 {
        var packed: UInt32 = 0
        for (i, b) in bytes.enumerated() { packed |= UInt32(b) << (8 * UInt32(i)) }
        return packed
    }

    static let elisionPrefixes: Set<String> = [
        "l", "d", "j", "n", "c", "s", "m", "t", "qu", "un", "dell", "all", "nell", "sull", "dall", "quell", "anch", "com",
    ]
    static let packedElisionPrefixes = HashTable64(elisionPrefixes.map { (KeyHash.hash($0), 0) })

    // MARK: - String API

    func tokenize(_ text: String) -> Result {
        let scan = self.scan(text)
        var result = Result()
        result.exclamations = scan.exclamations
        result.questions = scan.questions
        result.allCapsWords = scan.allCapsWords
        result.letterWords = scan.letterWords
        result.tokens.reserveCapacity(scan.tokens.count)
        for t in scan.tokens {
            let key = Self.string(scan.bytes, t.keyStart, t.keyLength)
            let squeezed = t.squeezedStart == t.keyStart ? key : Self.string(scan.bytes, t.squeezedStart, t.squeezedLength)
            let surface = keepSurface && t.surfaceLength >= 0 ? Self.string(scan.surfaceBytes, t.surfaceStart, t.surfaceLength) : key
            result.tokens.append(
                Token(kind: t.kind, key: key, squeezed: squeezed, surface: surface, isAllCaps: t.isAllCaps, isElongated: t.isElongated)
            )
        }
        return result
    }

    private static func string(_ bytes: [UInt8], _ start: Int32, _ length: Int32) -> String {
        String(decoding: bytes[Int(start)..<Int(start + length)], as: UTF8.self)
    }

    // MARK: - Scan

    func scan(_ text: String) -> Scan {
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// Scans valid UTF-8 with scratch memory on the stack (or the heap for a long text).
    func scan(_ utf8: UnsafeBufferPointer<UInt8>) -> Scan {
        withUnsafeTemporaryAllocation(byteCount: Self.scratchByteCount(utf8.count), alignment: 8) { memory in
            var scan = Scan()
            self.scan(utf8, memory: memory, into: &scan)
            return scan
        }
    }

    /// Scans valid UTF-8 into `scan`, reusing its arrays' capacity and `scratch`'s memory: no allocation once both
    /// have grown to the longest text.
    func scan(_ utf8: UnsafeBufferPointer<UInt8>, into scan: inout Scan, scratch: ScanScratch) {
        self.scan(utf8, memory: scratch.memory(byteCount: Self.scratchByteCount(utf8.count)), into: &scan)
    }

    /// Scalars (n), lowered and folded scratch (4n + 8 each: a scalar lower-cases to at most 3, folded ones to 2),
    /// then the key bytes: at most 2 × 12 per scalar (3 scalars of up to 4 bytes, key plus squeezed).
    @inline(__always)
    private static func scratchCapacities(_ byteCount: Int) -> (scalars: Int, keyBytes: Int) {
        (9 * byteCount + 16, 24 * byteCount + 16)
    }

    static func scratchByteCount(_ byteCount: Int) -> Int {
        let (scalars, keyBytes) = scratchCapacities(byteCount)
        return 4 * scalars + keyBytes
    }

    @inline(__always)
    private func scan(_ utf8: UnsafeBufferPointer<UInt8>, memory: UnsafeMutableRawBufferPointer, into scan: inout Scan) {
        let (scalarCapacity, byteCapacity) = Self.scratchCapacities(utf8.count)
        let buffer = UnsafeMutableRawBufferPointer(rebasing: memory[0..<(4 * scalarCapacity)]).bindMemory(to: UInt32.self)
        let keyBytes = UnsafeMutableRawBufferPointer(rebasing: memory[(4 * scalarCapacity)..<(4 * scalarCapacity + byteCapacity)])
        let n = Self.decode(utf8, into: buffer)
        var scanner = Scanner(
            s: UnsafeBufferPointer(rebasing: buffer[0..<n]),
            keepSurface: keepSurface,
            info: ScalarInfo.table,
            symbols: ScalarInfo.symbols,
            lowered: UnsafeMutableBufferPointer(rebasing: buffer[n..<(n + 4 * n + 8)]),
            folded: UnsafeMutableBufferPointer(rebasing: buffer[(5 * n + 8)..<scalarCapacity]),
            keys: keyBytes.bindMemory(to: UInt8.self)
        )
        // The caller's arrays, emptied with their capacity kept, become the scanner's output.
        scan.reset()
        swap(&scanner.out, &scan)
        scanner.out.tokens.reserveCapacity(n / 4 + 2)
        scanner.out.hasNonASCII = n != utf8.count
        scanner.run()
        scanner.out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scanner.keys.base[0..<scanner.keys.count]))
        swap(&scanner.out, &scan)
    }

    /// Decodes valid UTF-8 (a `String`'s storage) into scalar values; returns the count.
    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>) -> Int {
        var i = 0, n = 0
        let count = utf8.count
        while i < count {
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                out[n] = b0; i += 1
            } else if b0 < 0xE0 {
                out[n] = (b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F); i += 2
            } else if b0 < 0xF0 {
                out[n] = (b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F); i += 3
            } else {
                out[n] =
                    (b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                    | UInt32(utf8[i + 3] & 0x3F)
                i += 4
            }
            n += 1
        }
        return n
    }

    @inline(__always)
    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2019, 0x2018, 0x02BC: return true
        default: return false
        }
    }
}
