import TagPulseLocalAnalysis
import TagPulseWire

/// The offline analyzer: reads the client's prompt into a ``PromptFocus`` (aspects, keywords, or "every
/// opinion"), scores every comment (and the caption) against it and keeps the relevant ones, each with its
/// relevance, skipping spam and generic engagement. A prompt it understands nothing of keeps nothing (the metadata
/// says so). Each comment is classified once: the reading cleaning made is reused. Deterministic.
struct LocalVideoAnalyzer: VideoAnalyzer {
    let analyzer = LocalAnalyzer()
    /// Relevance at or above which a comment is kept.
    var relevanceThreshold = LocalAnalyzer.relevanceThreshold

    var name: String { "local" }

    func model(for params: AnalysisParams) -> String { LocalAnalyzer.version }

    func promptFocus(for params: AnalysisParams) -> PromptFocusSummary? {
        let focus = Self.focus(for: params)
        return PromptFocusSummary(
            understood: !focus.isEmpty,
            generalOpinion: focus.isGeneralOpinion,
            aspects: focus.aspects.map(\.rawValue),
            keywords: focus.keywords,
            subjectWords: focus.subjectWords,
            threshold: self.relevanceThreshold
        )
    }

    static func focus(for params: AnalysisParams) -> PromptFocus {
        PromptFocus(prompt: params.prompt, subject: params.target)
    }

    func analyze(video: Video, comments: [Comment], params: AnalysisParams) async throws -> VideoAnalysis {
        let focus = Self.focus(for: params)
        var quotes: [AnalyzedQuote] = []
        var irrelevant = 0
        // Memory reused from one comment to the next: no allocation per comment in the classifier.
        var workspace = LocalAnalyzer.Workspace()
        if !video.caption.isEmpty {
            let reading = self.analyzer.read(video.caption, workspace: &workspace)
            switch self.quote(video.caption, id: nil, reading: reading, focus: focus, params: params) {
            case .some(let quote): quotes.append(quote)
            case .none: if !Self.isIgnored(reading) { irrelevant += 1 }
            }
        }
        for (index, comment) in comments.enumerated() {
            if index % 64 == 63 { try Task.checkCancellation() }
            let reading = comment.reading ?? self.analyzer.read(comment.text, workspace: &workspace)
            switch self.quote(comment.text, id: comment.id, reading: reading, focus: focus, params: params) {
            case .some(let quote): quotes.append(quote)
            case .none: if !Self.isIgnored(reading) { irrelevant += 1 }
            }
        }
        return VideoAnalysis(quotes: quotes, calls: 1, irrelevant: irrelevant)
    }

    private func quote(_ text: String, id: String?, reading: CommentReading, focus: PromptFocus, params: AnalysisParams) -> AnalyzedQuote? {
        if Self.isIgnored(reading) { return nil }
        let relevance = self.analyzer.relevance(of: reading, to: focus)
        guard relevance >= self.relevanceThreshold else { return nil }
        let classification = reading.classification
        let confidence = ((classification.confidence * 0.7 + relevance * 0.3) * 1000).rounded() / 1000
        return AnalyzedQuote(
            commentID: id,
            quote: LocalAnalyzer.quote(text, maxLength: params.maxQuoteLength),
            sentiment: classification.sentiment.rawValue,
            theme: classification.theme,
            purchaseIntent: classification.purchaseIntent.rawValue,
            confidence: min(1, max(0, confidence)),
            relevance: relevance
        )
    }

    /// Spam and generic engagement are never quoted (cleaning usually dropped them already).
    static func isIgnored(_ reading: CommentReading) -> Bool {
        Self.ignoredThemes.contains(reading.classification.theme)
    }

    static let ignoredThemes: Set<String> = ["spam", "general engagement"]
}
