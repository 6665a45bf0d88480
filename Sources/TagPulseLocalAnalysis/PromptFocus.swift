/// What a client's prompt asks about, as the local analyzer understood it (``PromptFocusReader``): aspects of the
/// theme taxonomy, content keywords, and whether it asks for opinions in general.
///
/// A focus that understood nothing (``isEmpty``) keeps no comment: an answer is never passed off as following a
/// prompt the analyzer could not read (see the README's "Prompt focus" section).
public struct PromptFocus: Sendable, Equatable {
    /// The aspects named, in ``PromptAspect/allCases`` order.
    public var aspects: [PromptAspect]
    /// Content words of the prompt (lower-cased, accents kept), first occurrence first.
    public var keywords: [String]
    /// Whether the prompt asks for every opinionated comment ("what do people think?", "brand sentiment").
    public var isGeneralOpinion: Bool
    /// Prompt words taken as the analysed hashtag or account itself ("stanley" for #stanleycup): every comment is
    /// about it, so they select nothing.
    public var subjectWords: [String]

    /// Per keyword, the stems it matches: its own and its synonyms' in the six languages.
    var keywordStems: [[UInt64]]

    /// Nothing understood: no aspect, no keyword, no request for opinions.
    public var isEmpty: Bool { self.aspects.isEmpty && self.keywords.isEmpty && !self.isGeneralOpinion }

    /// Reads `prompt` (see ``PromptFocusReader``).
    public init(prompt: String, subject: String = "") {
        self = PromptFocusReader().read(prompt, subject: subject)
    }

    init(aspects: [PromptAspect], keywords: [String], keywordStems: [[UInt64]], isGeneralOpinion: Bool, subjectWords: [String]) {
        self.aspects = aspects
        self.keywords = keywords
        self.keywordStems = keywordStems
        self.isGeneralOpinion = isGeneralOpinion
        self.subjectWords = subjectWords
    }

    /// The mask of ``aspects`` (``PromptAspect/bit``).
    var aspectMask: UInt32 { self.aspects.reduce(0) { $0 | $1.bit } }
}
