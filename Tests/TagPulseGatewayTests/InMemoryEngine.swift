import Synchronization
import TagPulseGateway
import TagPulseWire

/// An ``AnalysisEngine`` in memory: answers with `outcome` and records what it was asked.
final class InMemoryEngine: AnalysisEngine {
    enum Outcome: Sendable {
        case result(AnalysisResult)
        case failure(EngineClientError)
    }

    let outcome: Mutex<Outcome>
    let calls = Mutex<[(AnalysisKind, AnalysisParams, String)]>([])
    let pingFailure: Mutex<EngineClientError?> = Mutex(nil)
    /// How long each analysis takes (so concurrent requests overlap).
    let delay: Mutex<Duration?> = Mutex(nil)
    /// Targets answered with an error instead of `outcome`.
    let failures: Mutex<[String: EngineClientError]> = Mutex([:])
    /// The trace context each analysis ran under (what the real client sends in the envelope).
    let traces = Mutex<[TraceContext?]>([])

    init(_ outcome: Outcome = .result(.sample)) {
        self.outcome = Mutex(outcome)
    }

    func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult {
        self.calls.withLock { $0.append((kind, params, requestID)) }
        self.traces.withLock { $0.append(TraceContext.current) }
        if let delay = self.delay.withLock({ $0 }) { try? await Task.sleep(for: delay) }
        if let failure = self.failures.withLock({ $0[params.target] }) { throw failure }
        switch self.outcome.withLock({ $0 }) {
        case .result(let result): return result
        case .failure(let error): throw error
        }
    }

    func stats(requestID: String, timeout: Duration) async throws(EngineClientError) -> EngineStats {
        if let failure = self.pingFailure.withLock({ $0 }) { throw failure }
        return EngineStats(
            version: "test",
            provider: "memory",
            analyzer: "local",
            defaultModel: "local-2",
            uptimeSeconds: 1,
            maxConcurrentAnalyses: 8,
            inFlight: 0,
            connections: 1,
            requestsTotal: self.calls.withLock { $0.count },
            errorsTotal: [:]
        )
    }

    func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult {
        if let failure = self.pingFailure.withLock({ $0 }) { throw failure }
        return PingResult(version: "test")
    }
}

extension AnalysisResult {
    static let sample = AnalysisResult(
        commentAnalyses: [
            CommentAnalysis(
                videoID: "1",
                videoURL: "https://www.tiktok.com/@a/video/1",
                quote: "take my money",
                sentiment: "positive",
                theme: "purchase & availability",
                purchaseIntent: "high",
                date: "2025-10-01T00:00:00Z",
                conversationContext: "Comment on #skincare video by ana",
                threadContext: "Community discussion under #skincare",
                confidenceScore: 0.9,
                hashtagSource: "skincare",
                videoPlayCount: 100,
                videoLikeCount: 10,
                commentLikeCount: 3,
                parentCommentID: nil,
                threadDepth: 0,
                isReply: false,
                commentID: "11",
                sourceType: "comment"
            )
        ],
        metadata: AnalysisMetadata(
            totalVideosAnalyzed: 1,
            totalCommentsFound: 1,
            relevantCommentsExtracted: 1,
            analysisTimestamp: "2025-10-01T00:00:00.000Z",
            processingTimeSeconds: 0.01,
            modelUsed: "local-1",
            hashtagAnalyzed: "skincare",
            totalVideoPlays: 100,
            totalVideoLikes: 10,
            averageEngagementRate: 10,
            hashtagAPICalls: 1,
            commentsAPICalls: 1,
            maxReplyDepth: 0,
            totalThreadedComments: 1,
            replyComments: 0,
            topLevelComments: 1,
            endpointType: "hashtag_analysis",
            provider: "corpus",
            analyzer: "local",
            engineVersion: "test",
            commentsAfterCleaning: 1,
            commentsDropped: [:],
            sentimentDistribution: ["positive": 1],
            purchaseIntentDistribution: ["high": 1],
            topThemes: [.init(theme: "purchase & availability", count: 1)],
            averageConfidenceScore: 0.9,
            highConfidenceAnalyses: 1,
            aiAnalysisAPICalls: 1,
            totalAPICalls: 3,
            successfulAnalyses: 1,
            failedAnalyses: 0,
            failedVideos: [],
            timings: .init(collectMilliseconds: 1, analyzeMilliseconds: 1, totalMilliseconds: 2)
        )
    )
}
