/// ``AspectCues`` compiled to stem hashes (``WordStem``): what the prompt reader and the relevance scorer look up.
/// Built once per process.
final class AspectLexicon: Sendable {
    static let shared = AspectLexicon()

    /// A cue of one or more words, keyed by its chained stem hash (``WordStem/pair(_:_:)``).
    struct Table: Sendable {
        var entries: [UInt64: UInt32] = [:]
        var maxLength = 1

        mutating func add(_ source: String, mask: UInt32) {
            for cue in WordStem.cues(source) {
                var hash = cue[0]
                for next in cue.dropFirst() { hash = WordStem.pair(hash, next) }
                entries[hash, default: 0] |= mask
                maxLength = max(maxLength, cue.count)
            }
        }

        /// Calls `body(start, length, mask)` for the longest cue starting at each position of `stems`.
        func forEachLongestMatch(in stems: [UInt64], from start: Int, _ body: (Int, UInt32) -> Void) {
            var hash = stems[start]
            var best: (length: Int, mask: UInt32)?
            if let mask = entries[hash] { best = (1, mask) }
            var length = 1
            while length < maxLength && start + length < stems.count {
                hash = WordStem.pair(hash, stems[start + length])
                length += 1
                if let mask = entries[hash] { best = (length, mask) }
            }
            if let best { body(best.length, best.mask) }
        }

        /// The union of the masks of every cue found in `stems`.
        func mask(of stems: [UInt64]) -> UInt32 {
            var mask: UInt32 = 0
            for start in stems.indices {
                var hash = stems[start]
                if let found = entries[hash] { mask |= found }
                var length = 1
                while length < maxLength && start + length < stems.count {
                    hash = WordStem.pair(hash, stems[start + length])
                    length += 1
                    if let found = entries[hash] { mask |= found }
                }
            }
            return mask
        }
    }

    /// Comment evidence per aspect (bits: ``PromptAspect/bit``).
    let comment: Table
    /// What a prompt asks: aspects (their bits), and ``opinionTargetBit``, ``opinionFramingBit``, ``analysisBit``.
    let prompt: Table
    /// Stem hashes of ``AspectCues/filler``.
    let filler: Set<UInt64>
    /// Per stem hash, the stems of its synonym group.
    let synonyms: [UInt64: [UInt64]]

    static let opinionTargetBit: UInt32 = 1 << 29
    static let opinionFramingBit: UInt32 = 1 << 30
    static let analysisBit: UInt32 = 1 << 31

    init() {
        var comment = Table()
        var prompt = Table()
        for aspect in PromptAspect.allCases {
            comment.add(AspectCues.shared[aspect] ?? "", mask: aspect.bit)
            prompt.add(AspectCues.shared[aspect] ?? "", mask: aspect.bit)
            prompt.add(AspectCues.promptOnly[aspect] ?? "", mask: aspect.bit)
        }
        prompt.add(AspectCues.opinionTargets, mask: Self.opinionTargetBit)
        prompt.add(AspectCues.opinionFraming, mask: Self.opinionFramingBit)
        prompt.add(AspectCues.analysisVerbs, mask: Self.analysisBit)
        self.comment = comment
        self.prompt = prompt
        self.filler = Set(WordStem.cues(AspectCues.filler).flatMap { $0 })
        var synonyms: [UInt64: [UInt64]] = [:]
        for group in AspectCues.synonyms {
            let stems = WordStem.cues(group).compactMap { $0.count == 1 ? $0[0] : nil }
            for stem in stems {
                var group = synonyms[stem] ?? []
                for other in stems where !group.contains(other) { group.append(other) }
                synonyms[stem] = group
            }
        }
        self.synonyms = synonyms
    }
}
