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
}

extension VideoAnalyzer {
    func validate(_ params: AnalysisParams) throws(WireError) {}
}

/// What an analyzer found in one video.
struct VideoAnalysis: Sendable {
    var quotes: [AnalyzedQuote]
    /// Analyzer calls made for this video.
    var calls: Int
    /// Items the analyzer's answer held that were dropped: an unknown comment id, a label outside its enum, or a
    /// quote that does not occur in the comment it cites (`metadata.quotes_rejected`).
    var rejectedQuotes = 0
}

/// One relevant quote, attributed by id to the comment it came from (nil for the caption).
struct AnalyzedQuote: Sendable, Equatable {
    var commentID: String?
    var quote: String
    var sentiment: String
    var theme: String
    var purchaseIntent: String
    var confidence: Double
}
