/// A crude multilingual stem of a folded word, as a 64-bit hash: the suffixes of plurals, verb endings and
/// adverbs of the six languages are cut ("prices" and "price" -> "pric", "precios" -> "preci"), keeping at least
/// three bytes, then the rest is hashed (FNV-1a). Prompt words and comment words go through the same function, so
/// their stems compare by hash without building a `String` per comment word.
enum WordStem {
    /// Suffixes, longest first (ASCII: the keys are folded).
    private static let suffixes: [[UInt8]] = [
        "amente", "imente", "ations", "ements", "ciones", "mente", "ation", "ement", "ments", "cion", "iones", "ione",
        "ings", "edly", "ando", "endo", "ados", "adas", "idos", "idas", "ment", "ing", "ied", "ies", "ers", "ado",
        "ada", "ido", "ida", "ung", "ed", "er", "ly", "es", "en", "os", "as", "s", "o", "a", "e", "i",
    ].map { Array($0.utf8) }

    private static let minimumStem = 3

    /// The length of the stem of `word[start..<start+length]`.
    @inline(__always)
    static func stemLength(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Int {
        for suffix in suffixes where length - suffix.count >= minimumStem {
            var same = true
            let offset = start + length - suffix.count
            for (k, b) in suffix.enumerated() where bytes[offset + k] != b {
                same = false
                break
            }
            if same { return length - suffix.count }
        }
        return length
    }

    /// FNV-1a of `bytes[start..<start+length]`.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<(start + length) {
            h ^= UInt64(bytes[i])
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The stem hash of a word key held in `bytes`.
    @inline(__always)
    static func stemHash(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> UInt64 {
        hash(bytes, start: start, length: stemLength(bytes, start: start, length: length))
    }

    /// The hash of two consecutive stems (a two-word cue such as "worth it" or "customer service").
    @inline(__always)
    static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &+ 0x632B_E59B_D9B4_E019)
    }

    /// The stem hashes of the words of `scan`, in order (one per word token).
    static func stems(of scan: Tokenizer.Scan, into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        scan.bytes.withUnsafeBufferPointer { bytes in
            for token in scan.tokens where token.kind == .word {
                out.append(stemHash(bytes, start: Int(token.squeezedStart), length: Int(token.squeezedLength)))
            }
        }
    }

    /// The stem hashes of the words of `text` (prompts, cue lists: not the hot path).
    static func stems(of text: String) -> [UInt64] {
        var out: [UInt64] = []
        stems(of: Tokenizer().scan(text), into: &out)
        return out
    }

    /// The stem hashes of each cue of a comma/newline separated list ("worth it, price, prix").
    static func cues(_ source: String) -> [[UInt64]] {
        source.split(whereSeparator: { $0 == "," || $0 == "\n" }).compactMap { raw in
            let stems = stems(of: String(raw))
            return stems.isEmpty ? nil : stems
        }
    }
}

extension WordStem {
    /// The stem hash of one word key (already folded, as ``Token/squeezed``).
    static func stemHash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { stemHash($0, start: 0, length: $0.count) }
    }
}
