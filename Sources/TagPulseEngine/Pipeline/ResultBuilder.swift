import TagPulseWire

/// Builds the response from what the pipeline collected and what the analyzer found: every item field from the
/// real video and comment (spec §11.3), every metadata figure counted, not estimated (spec §11.6).
struct ResultBuilder {
    let kind: AnalysisKind
    let params: AnalysisParams
    let provider: String
    let analyzer: String
    let model: String
    let engineVersion: String
    /// What the analyzer understood of the prompt (`metadata.prompt_focus`), when it says.
    var promptFocus: PromptFocusSummary? = nil

    /// Where the time went. Videos are processed concurrently, so `comments` and `analysis` are sums over videos
    /// (they overlap each other and can exceed `total`, the wall time).
    struct StageTimings {
        var feed: Duration
        var comments: Duration
        var analysis: Duration
        var total: Duration
    }

    func build(
        collected: [AnalysisPipeline.CollectedVideo],
        outcomes: [Result<VideoAnalysis, WireError>],
        feedCalls: Int,
        nowMilliseconds: Int64,
        timings: StageTimings
    ) -> AnalysisResult {
        var items: [CommentAnalysis] = []
        var failed: [AnalysisMetadata.FailedVideo] = []
        var analyzerCalls = 0
        var rejectedQuotes = 0
        var irrelevant: Int?
        for (entry, outcome) in zip(collected, outcomes) {
            switch outcome {
            case .success(let analysis):
                analyzerCalls += analysis.calls
                rejectedQuotes += analysis.rejectedQuotes
                if let count = analysis.irrelevant { irrelevant = (irrelevant ?? 0) + count }
                let byID = Dictionary(entry.comments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                items += analysis.quotes.map { self.item($0, video: entry.video, comment: $0.commentID.flatMap { byID[$0] }) }
            case .failure(let error):
                analyzerCalls += 1
                failed.append(.init(videoID: entry.video.id, code: error.code.rawValue, message: error.message))
            }
        }
        items = Self.ranked(items)
        let comments = collected.flatMap(\.comments)
        let plays = collected.reduce(Int64(0)) { $0 + $1.video.plays }
        let likes = collected.reduce(Int64(0)) { $0 + $1.video.likes }
        let commentCalls = collected.reduce(0) { $0 + $1.pages }
        var dropped: [String: Int] = [:]
        for entry in collected { dropped.merge(entry.dropped, uniquingKeysWith: +) }
        let replies = comments.filter(\.isReply).count
        let confidences = items.map(\.confidenceScore)
        let collectMs = Self.milliseconds(timings.feed + timings.comments)
        let analyzeMs = Self.milliseconds(timings.analysis)
        let totalMs = Self.milliseconds(timings.total)
        return AnalysisResult(
            commentAnalyses: items,
            metadata: AnalysisMetadata(
                totalVideosAnalyzed: collected.count,
                totalCommentsFound: collected.reduce(0) { $0 + $1.found },
                relevantCommentsExtracted: items.count,
                analysisTimestamp: RFC3339.string(fromUnixMilliseconds: nowMilliseconds),
                processingTimeSeconds: Self.round(totalMs / 1000, places: 2),
                modelUsed: self.model,
                hashtagAnalyzed: String(self.params.target.prefix(100)),
                totalVideoPlays: Int(plays),
                totalVideoLikes: Int(likes),
                averageEngagementRate: plays > 0 ? Self.round(Double(likes) / Double(plays) * 100, places: 2) : 0,
                hashtagAPICalls: feedCalls,
                commentsAPICalls: commentCalls,
                maxReplyDepth: comments.map(\.depth).max() ?? 0,
                totalThreadedComments: comments.count,
                replyComments: replies,
                topLevelComments: comments.count - replies,
                endpointType: "\(self.kind.rawValue)_analysis",
                provider: self.provider,
                analyzer: self.analyzer,
                engineVersion: self.engineVersion,
                commentsAfterCleaning: comments.count,
                commentsDropped: dropped,
                sentimentDistribution: Self.counts(items.map(\.sentiment), keys: ["positive", "negative", "neutral"]),
                purchaseIntentDistribution: Self.counts(items.map(\.purchaseIntent), keys: ["high", "medium", "low", "none"]),
                topThemes: Self.topThemes(items.map(\.theme)),
                averageConfidenceScore: confidences.isEmpty ? 0 : Self.round(confidences.reduce(0, +) / Double(confidences.count), places: 3),
                highConfidenceAnalyses: confidences.filter { $0 >= 0.8 }.count,
                aiAnalysisAPICalls: analyzerCalls,
                totalAPICalls: feedCalls + commentCalls + analyzerCalls,
                successfulAnalyses: collected.count - failed.count,
                failedAnalyses: failed.count,
                failedVideos: failed,
                timings: .init(
                    collectMilliseconds: Self.round(collectMs, places: 1),
                    analyzeMilliseconds: Self.round(analyzeMs, places: 1),
                    totalMilliseconds: Self.round(totalMs, places: 1)
                ),
                quotesRejected: rejectedQuotes,
                promptFocus: self.promptFocus,
                commentsIrrelevant: self.promptFocus == nil ? nil : (irrelevant ?? 0)
            )
        )
    }

    private func item(_ quote: AnalyzedQuote, video: Video, comment: Comment?) -> CommentAnalysis {
        let target = self.params.target
        let marker = self.kind == .account ? "@" : (self.kind == .hashtag ? "#" : "")
        let label = "\(marker)\(target)"
        let timestamp = (comment?.createTime ?? video.createTime).map { RFC3339.string(fromUnixSeconds: $0) } ?? ""
        return CommentAnalysis(
            videoID: video.id,
            videoURL: video.shareURL,
            quote: quote.quote,
            sentiment: quote.sentiment,
            theme: quote.theme,
            purchaseIntent: quote.purchaseIntent,
            date: timestamp,
            conversationContext: comment.map { "Comment on \(label) video by \($0.authorNickname.isEmpty ? "unknown" : $0.authorNickname)" }
                ?? "Original video content from \(label)",
            threadContext: comment.map { $0.isReply ? "Reply in a thread under \(label)" : "Community discussion under \(label)" }
                ?? "Main video content for \(label)",
            confidenceScore: quote.confidence,
            hashtagSource: target,
            videoPlayCount: Int(video.plays),
            videoLikeCount: Int(video.likes),
            commentLikeCount: Int(comment?.likes ?? 0),
            parentCommentID: comment?.parentID,
            threadDepth: comment?.depth ?? 0,
            isReply: comment?.isReply ?? false,
            commentID: comment?.id,
            sourceType: comment == nil ? "caption" : "comment",
            relevance: quote.relevance
        )
    }

    /// Items with a relevance come best first (ties keep the collection order); others keep their order.
    static func ranked(_ items: [CommentAnalysis]) -> [CommentAnalysis] {
        guard items.contains(where: { $0.relevance != nil }) else { return items }
        return items.enumerated().sorted { lhs, rhs in
            let a = lhs.element.relevance ?? -1
            let b = rhs.element.relevance ?? -1
            return a != b ? a > b : lhs.offset < rhs.offset
        }.map(\.element)
    }

    static func counts(_ values: [String], keys: [String]) -> [String: Int] {
        var result = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
        for value in values { result[value, default: 0] += 1 }
        return result
    }

    /// The ten most frequent themes, most frequent first, ties by name.
    static func topThemes(_ themes: [String]) -> [AnalysisMetadata.ThemeCount] {
        var counts: [String: Int] = [:]
        for theme in themes { counts[theme, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(10).map { .init(theme: $0.key, count: $0.value) }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    static func round(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
