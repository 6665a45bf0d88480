/// Reads a prompt in English, Spanish, Portuguese, French, German or Italian into a ``PromptFocus``.
///
/// The prompt's words are folded and stemmed (``WordStem``) and matched, longest phrase first, against
/// ``AspectCues``: aspect cues give aspects ("price", "¿cuánto cuesta?", "livraison"), opinion nouns
/// ("sentiment", "opiniones") ask for every opinionated comment, opinion verbs ("what do people think",
/// "qu'en pensent", "was halten") and analysis verbs ("analyze") do so only when nothing else is named. Of the
/// rest, stop words, filler ("comments", "people", "describe") and words of the analysed target are skipped; the
/// remaining words are content keywords, each matching its synonyms in the six languages too.
public struct PromptFocusReader: Sendable {
    let lexicon: AspectLexicon

    public init() { self.lexicon = .shared }

    /// - Parameters:
    ///   - prompt: the client's `ai_analysis_prompt`.
    ///   - subject: the analysed hashtag, account or query: prompt words it contains are not keywords.
    public func read(_ prompt: String, subject: String = "") -> PromptFocus {
        let words = Tokenizer(keepSurface: true).tokenize(prompt).tokens.filter { $0.kind == .word }
        let stems = words.map { WordStem.stemHash($0.squeezed) }
        var consumed = [Bool](repeating: false, count: words.count)
        var mask: UInt32 = 0
        var index = 0
        while index < stems.count {
            var length = 0
            lexicon.prompt.forEachLongestMatch(in: stems, from: index) { found, foundMask in
                length = found
                mask |= foundMask
            }
            for k in index..<(index + length) { consumed[k] = true }
            index += max(1, length)
        }
        let subjectKey = Tokenizer.fold(subject.lowercased()).filter { $0.isLetter || $0.isNumber }
        let stopWords = StopWords.shared
        var keywords: [String] = []
        var keywordStems: [[UInt64]] = []
        var subjectWords: [String] = []
        var seen = Set<UInt64>()
        for (index, word) in words.enumerated() where !consumed[index] {
            let key = word.key
            guard key.count >= 3, !key.allSatisfy(\.isNumber), !stopWords.isStopWord(key), !stopWords.isStopWord(word.squeezed),
                !SentimentLexicon.shared.negators.contains(key), !lexicon.filler.contains(stems[index]),
                seen.insert(stems[index]).inserted
            else { continue }
            if key.count >= 3 && subjectKey.contains(key) {
                subjectWords.append(word.surface)
                continue
            }
            keywords.append(word.surface)
            keywordStems.append([stems[index]] + (lexicon.synonyms[stems[index]] ?? []).filter { $0 != stems[index] })
        }
        let aspects = PromptAspect.allCases.filter { mask & $0.bit != 0 }
        let asksOpinions = mask & AspectLexicon.opinionTargetBit != 0
        let framesOpinions = mask & (AspectLexicon.opinionFramingBit | AspectLexicon.analysisBit) != 0
        return PromptFocus(
            aspects: aspects,
            keywords: keywords,
            keywordStems: keywordStems,
            isGeneralOpinion: asksOpinions || (framesOpinions && aspects.isEmpty && keywords.isEmpty),
            subjectWords: subjectWords
        )
    }
}
