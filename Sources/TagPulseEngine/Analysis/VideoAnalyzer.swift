import TagPulseWire

/// Analyses one video with its comments against the client's criteria. One call per video (a large comment set
/// may cost an implementation several upstream calls; it reports them in ``VideoAnalysis/calls``).
protocol VideoAnalyzer: Sendable {
    /// `local` or `openai`; reported in `metadata.analyzer`.
    var name: String { get }
    /// The model or analyzer version that produced the output (`metadata.model_used`, part of cache keys).
    func model(for params: AnalysisParams) -> String

    /// Refuses parameters this analyzer cannot honour (a model outside the allow-list) before any work is done.
    func validate(_ params: AnalysisParams) throws(WireError)

    func analyze(video: Video, comments: [Comment], params: AnalysisParams) async throws -> VideoAnalysis

    /// What the analyzer understood of the prompt (`metadata.prompt_focus`), when it can say honestly.
    func promptFocus(for params: AnalysisParams) -> PromptFocusSummary?
}

extension VideoAnalyzer {
    func validate(_ params: AnalysisParams) throws(WireError) {}

    func promptFocus(for params: AnalysisParams) -> PromptFocusSummary? { nil }
}

/// What an analyzer found in one video.
struct VideoAnalysis: Sendable {
    var quotes: [AnalyzedQuote]
    /// Analyzer calls made for this video.
    var calls: Int
    /// Items the analyzer's answer held that were dropped: an unknown comment id, a label outside its enum, or a
    /// quote that does not occur in the comment it cites (`metadata.quotes_rejected`).
    var rejectedQuotes = 0
    /// Comments (and the caption) left out as irrelevant to the prompt; nil when the analyzer does not say
    /// (`metadata.comments_irrelevant`).
    var irrelevant: Int? = nil
}

/// One relevant quote, attributed by id to the comment it came from (nil for the caption).
struct AnalyzedQuote: Sendable, Equatable {
    var commentID: String?
    var quote: String
    var sentiment: String
    var theme: String
    var purchaseIntent: String
    var confidence: Double
    /// 0...1: how relevant the quote is to the prompt, when the analyzer measures it.
    var relevance: Double? = nil
}
