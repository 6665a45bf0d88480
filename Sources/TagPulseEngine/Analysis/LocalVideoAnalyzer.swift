import TagPulseLocalAnalysis
import TagPulseWire

/// The offline analyzer: classifies every comment (and the caption) with ``LocalAnalyzer`` and keeps those that
/// say something about the client's criteria — relevant to the prompt's keywords, or carrying purchase intent or
/// a clear opinion — skipping spam and generic engagement. Deterministic: same input, same output.
struct LocalVideoAnalyzer: VideoAnalyzer {
    let analyzer = LocalAnalyzer()
    /// Relevance at or above which a comment is kept whatever its signals.
    var relevanceThreshold = 0.35
    /// Absolute sentiment score at or above which an opinion is kept.
    var opinionThreshold = 0.3

    var name: String { "local" }

    func model(for params: AnalysisParams) -> String { LocalAnalyzer.version }

    func analyze(video: Video, comments: [Comment], params: AnalysisParams) async throws -> VideoAnalysis {
        let keywords = PromptKeywords(prompt: params.prompt)
        var quotes: [AnalyzedQuote] = []
        // Memory reused from one comment to the next: no allocation per comment in the classifier.
        var workspace = LocalAnalyzer.Workspace()
        if !video.caption.isEmpty,
            let quote = self.quote(video.caption, id: nil, keywords: keywords, params: params, isCaption: true, workspace: &workspace)
        {
            quotes.append(quote)
        }
        for (index, comment) in comments.enumerated() {
            if index % 64 == 63 { try Task.checkCancellation() }
            if let quote = self.quote(comment.text, id: comment.id, keywords: keywords, params: params, isCaption: false, workspace: &workspace) {
                quotes.append(quote)
            }
        }
        return VideoAnalysis(quotes: quotes, calls: 1)
    }

    private func quote(
        _ text: String,
        id: String?,
        keywords: PromptKeywords,
        params: AnalysisParams,
        isCaption: Bool,
        workspace: inout LocalAnalyzer.Workspace
    ) -> AnalyzedQuote? {
        let classification = self.analyzer.classify(text, workspace: &workspace)
        if Self.ignoredThemes.contains(classification.theme) { return nil }
        let relevance = self.analyzer.relevance(of: text, to: keywords)
        let hasIntent = classification.purchaseIntent != .none
        let hasOpinion = abs(classification.sentimentScore) >= self.opinionThreshold
        let keep = isCaption ? relevance >= self.relevanceThreshold : (relevance >= self.relevanceThreshold || hasIntent || hasOpinion)
        guard keep else { return nil }
        let confidence = ((classification.confidence * 0.7 + relevance * 0.3) * 1000).rounded() / 1000
        return AnalyzedQuote(
            commentID: id,
            quote: LocalAnalyzer.quote(text, maxLength: params.maxQuoteLength),
            sentiment: classification.sentiment.rawValue,
            theme: classification.theme,
            purchaseIntent: classification.purchaseIntent.rawValue,
            confidence: min(1, max(0, confidence))
        )
    }

    static let ignoredThemes: Set<String> = ["spam", "general engagement"]
}
