/// Finds cue phrases (sequences of token keys) in a token list with one array index on the first
/// token's vocabulary id. A single-word cue ending in "*" matches any word with that prefix (e.g. "deliver*").
struct PhraseMatcher: Sendable {
    struct Cue: Sendable {
        var keys: [String]
        var label: Int
        var weight: Double
    }

    struct Match: Sendable {
        var label: Int
        var weight: Double
        var start: Int
        var length: Int
    }

    private struct CompiledCue: Sendable {
        var ids: [Int32]
        var label: Int
        var weight: Double
    }

    private struct PrefixCue: Sendable {
        var bytes: [UInt8]
        var label: Int
        var weight: Double
    }

    /// Whole-word cues in source order (their keys are registered in the ``Vocabulary``).
    let cues: [Cue]
    /// Prefix cues (folded, at least 3 bytes) in source order.
    private let prefixCues: [PrefixCue]
    /// The compiled cues grouped by first id (in source order within a group): the cues starting with id `i` are
    /// `compiledCues[cueStart[i]..<cueStart[i + 1]]` (one flat array: no nested array to retain per token).
    private let compiledCues: [CompiledCue]
    private let cueStart: [Int32]
    /// Bit per vocabulary id: some cue starts with it (a few KB, so the per-token test stays in cache).
    private let startsCue: [UInt64]
    /// Bit `b0 << 8 | b1` set when some prefix cue starts with the bytes `b0 b1` (skips most bucket lookups).
    private let prefixPairs: [UInt64]
    /// Prefix cues bucketed by their first three bytes.
    private let prefixBuckets: HashTable64
    private let prefixLists: [[PrefixCue]]

    /// - Parameter sources: per label, a comma/newline separated list of `cue` or `cue:weight`.
    init(sources: [(label: Int, source: String)]) {
        var cues: [Cue] = []
        var prefixCues: [PrefixCue] = []
        for (label, source) in sources {
            for raw in source.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
                var text = String(raw)
                var weight = 1.0
                if let colon = text.lastIndex(of: ":"), let w = Double(text[text.index(after: colon)...]) {
                    weight = w
                    text = String(text[..<colon])
                }
                let trimmed = text.split(separator: " ").joined(separator: " ")
                guard !trimmed.isEmpty else { continue }
                if trimmed.hasSuffix("*") {
                    let prefix = Tokenizer.fold(String(trimmed.dropLast()))
                    guard prefix.count >= 3 else { continue }
                    prefixCues.append(PrefixCue(bytes: Array(prefix.utf8), label: label, weight: weight))
                    continue
                }
                let keys = LexiconParser.normalizedKeys(trimmed)
                guard !keys.isEmpty else { continue }
                cues.append(Cue(keys: keys, label: label, weight: weight))
            }
        }
        self.init(cues: cues, prefixCues: prefixCues, vocabulary: nil)
    }

    /// This matcher's cues indexed by the ids of `vocabulary` (which must contain every cue key).
    func compiled(with vocabulary: Vocabulary) -> PhraseMatcher {
        PhraseMatcher(cues: cues, prefixCues: prefixCues, vocabulary: vocabulary)
    }

    private init(cues: [Cue], prefixCues: [PrefixCue], vocabulary: Vocabulary?) {
        self.cues = cues
        self.prefixCues = prefixCues
        var byFirstID: [[CompiledCue]] = []
        if let vocabulary {
            byFirstID = Array(repeating: [], count: vocabulary.count)
            for cue in cues {
                let ids = cue.keys.map { vocabulary.id(of: $0) }
                byFirstID[Int(ids[0])].append(CompiledCue(ids: ids, label: cue.label, weight: cue.weight))
            }
        }
        var cueStart: [Int32] = [0]
        cueStart.reserveCapacity(byFirstID.count + 1)
        for group in byFirstID { cueStart.append(cueStart[cueStart.count - 1] + Int32(group.count)) }
        self.compiledCues = byFirstID.flatMap { $0 }
        self.cueStart = cueStart
        var startsCue = [UInt64](repeating: 0, count: byFirstID.count / 64 + 1)
        for (id, group) in byFirstID.enumerated() where !group.isEmpty { startsCue[id >> 6] |= 1 << UInt64(id & 63) }
        self.startsCue = startsCue
        var prefixPairs = [UInt64](repeating: 0, count: 1 << 10)
        for cue in prefixCues {
            let pair = Int(cue.bytes[0]) << 8 | Int(cue.bytes[1])
            prefixPairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        self.prefixPairs = prefixPairs
        var bucketOf: [UInt64: Int32] = [:]
        var lists: [[PrefixCue]] = []
        for cue in prefixCues {
            let packed = Self.pack3(cue.bytes[0], cue.bytes[1], cue.bytes[2])
            if let index = bucketOf[packed] {
                lists[Int(index)].append(cue)
            } else {
                bucketOf[packed] = Int32(lists.count)
                lists.append([cue])
            }
        }
        prefixBuckets = HashTable64(bucketOf.map { ($0.key, $0.value) })
        prefixLists = lists
    }

    @inline(__always)
    private func startsCue(_ id: Int32) -> Bool {
        startsCue[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0
    }

    @inline(__always)
    private static func pack3(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt64 {
        UInt64(a) | UInt64(b) << 8 | UInt64(c) << 16 | 1 << 40
    }

    /// Calls `body(match)` for every match in token order; at one position every matching cue is reported.
    @inline(__always)
    func forEachMatch(in scan: Tokenizer.Scan, _ body: (Match) -> Void) {
        let tokens = scan.tokens
        let count = tokens.count
        let hasPrefixCues = !prefixLists.isEmpty
        for i in 0..<count {
            let token = tokens[i]
            var id = token.keyID
            if id < 0 || !startsCue(id) {
                id = token.squeezedID != token.keyID ? token.squeezedID : -1
            }
            if id >= 0 && startsCue(id) {
                for c in Int(cueStart[Int(id)])..<Int(cueStart[Int(id) + 1]) where Self.matches(compiledCues[c].ids, tokens, at: i) {
                    let cue = compiledCues[c]
                    body(Match(label: cue.label, weight: cue.weight, start: i, length: cue.ids.count))
                }
            }
            if hasPrefixCues && token.kind == .word && token.keyLength >= 3 {
                let start = Int(token.keyStart)
                let pair = Int(scan.bytes[start]) << 8 | Int(scan.bytes[start + 1])
                if prefixPairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { continue }
                let bucket = prefixBuckets.lookup(Self.pack3(scan.bytes[start], scan.bytes[start + 1], scan.bytes[start + 2]))
                if bucket >= 0 {
                    for candidate in prefixLists[Int(bucket)] where candidate.bytes.count <= Int(token.keyLength) {
                        var same = true
                        for (k, b) in candidate.bytes.enumerated() where scan.bytes[start + k] != b {
                            same = false
                            break
                        }
                        if same { body(Match(label: candidate.label, weight: candidate.weight, start: i, length: 1)) }
                    }
                }
            }
        }
    }

    /// All matches in token order (convenience for callers that need the list).
    func matches(in scan: Tokenizer.Scan) -> [Match] {
        var found: [Match] = []
        forEachMatch(in: scan) { found.append($0) }
        return found
    }

    @inline(__always)
    private static func matches(_ ids: [Int32], _ tokens: [Tokenizer.ScanToken], at start: Int) -> Bool {
        guard start + ids.count <= tokens.count else { return false }
        for (offset, id) in ids.enumerated() {
            let token = tokens[start + offset]
            if token.keyID != id && token.squeezedID != id { return false }
        }
        return true
    }
}
