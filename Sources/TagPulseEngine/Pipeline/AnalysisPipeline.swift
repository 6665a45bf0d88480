import Logging
import TagPulseWire

/// The engine's pipeline (DESIGN §8): collect videos (paginated), collect their comments (in parallel, bounded),
/// clean, analyse each video (in parallel, bounded; a failed video is reported, not dropped silently), and build
/// the response from real values and real counts, timing the whole run.
struct AnalysisPipeline: Sendable {
    let source: any VideoSource
    let analyzer: any VideoAnalyzer
    let limits: PipelineLimits
    let clock: WallClock
    let engineVersion: String
    var cleaning = CleaningRules()

    /// What collection produced for one video.
    struct CollectedVideo: Sendable {
        var video: Video
        var comments: [Comment]
        var found: Int
        var dropped: [String: Int]
        var pages: Int
    }

    /// Runs the analysis and reports what it cost upstream in `metadata.usage` (every upstream call the run's tasks
    /// made, counted through ``UsageTally/current``).
    func run(kind: AnalysisKind, params: AnalysisParams, logger: Logger) async throws -> AnalysisResult {
        let tally = UsageTally()
        var result = try await UsageTally.$current.withValue(tally) {
            try await self.analyse(kind: kind, params: params, logger: logger)
        }
        result.metadata.usage = tally.usage
        return result
    }

    private func analyse(kind: AnalysisKind, params: AnalysisParams, logger: Logger) async throws -> AnalysisResult {
        try self.analyzer.validate(params)
        let started = ContinuousClock.now
        let (videos, feedCalls) = try await self.collectVideos(kind: kind, params: params)
        let feedDone = ContinuousClock.now
        // Each video goes through collection then analysis on its own, so analysis starts as soon as a video's
        // comments are in (the original collected every video's comments before analysing any).
        let analyses = AsyncSemaphore(permits: self.limits.analysisConcurrency)
        let processed = try await boundedMap(videos, concurrency: self.limits.commentFetchConcurrency) { video in
            let collectStart = ContinuousClock.now
            let collected = try await Self.collectComments(
                of: video,
                limit: params.maxCommentsPerPost,
                maxPages: self.limits.maxCommentPages,
                source: self.source,
                cleaner: CommentCleaner(rules: self.cleaning)
            )
            let analyzeStart = ContinuousClock.now
            let outcome = try await analyses.withPermit { try await self.analyze(collected, params: params, logger: logger) }
            return (collected, outcome, analyzeStart - collectStart, ContinuousClock.now - analyzeStart)
        }
        let outcomes = processed.map(\.1)
        if let failure = Self.totalFailure(outcomes) { throw failure }
        logger.debug(
            "engine.pipeline.done",
            metadata: ["pipeline.videos": .stringConvertible(videos.count), "pipeline.feed_calls": .stringConvertible(feedCalls)]
        )
        let builder = ResultBuilder(
            kind: kind,
            params: params,
            provider: self.source.name,
            analyzer: self.analyzer.name,
            model: self.analyzer.model(for: params),
            engineVersion: self.engineVersion,
            promptFocus: self.analyzer.promptFocus(for: params)
        )
        return builder.build(
            collected: processed.map(\.0),
            outcomes: outcomes,
            feedCalls: feedCalls,
            nowMilliseconds: self.clock.nowMilliseconds(),
            timings: .init(
                feed: feedDone - started,
                comments: processed.reduce(.zero) { $0 + $1.2 },
                analysis: processed.reduce(.zero) { $0 + $1.3 },
                total: ContinuousClock.now - started
            )
        )
    }

    /// Analyses one video; an analyzer failure becomes that video's reported failure, not the request's.
    private func analyze(_ item: CollectedVideo, params: AnalysisParams, logger: Logger) async throws -> Result<VideoAnalysis, WireError> {
        do {
            return .success(try await self.analyzer.analyze(video: item.video, comments: item.comments, params: params))
        } catch let error as WireError {
            logger.info("engine.video.analysis_failed", metadata: ["video.id": "\(item.video.id)", "error.code": "\(error.code)"])
            return .failure(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error("engine.video.analysis_failed", metadata: ["video.id": "\(item.video.id)", "error.type": "\(type(of: error))"])
            return .failure(WireError(code: .analysisFailed, message: "the analysis of this video failed"))
        }
    }

    /// When every video's analysis failed there is nothing to report: the request fails (retryable), with the
    /// upstream's own code when it was rate limiting, so no empty result is ever passed off as an answer.
    static func totalFailure(_ outcomes: [Result<VideoAnalysis, WireError>]) -> WireError? {
        let failures = outcomes.compactMap { outcome -> WireError? in
            if case .failure(let error) = outcome { return error }
            return nil
        }
        guard !outcomes.isEmpty, failures.count == outcomes.count, let first = failures.first else { return nil }
        if first.code == .upstreamRateLimited || first.code == .invalidParams { return first }
        return WireError(
            code: .analysisFailed,
            message: "the analysis failed for every video: \(first.message)",
            retryable: true,
            retryAfterSeconds: first.retryAfterSeconds ?? 5
        )
    }

}

/// Maps `items` through `transform` with at most `concurrency` running at once, keeping the input order.
func boundedMap<Input: Sendable, Output: Sendable>(
    _ items: [Input],
    concurrency: Int,
    _ transform: @escaping @Sendable (Input) async throws -> Output
) async throws -> [Output] {
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(1, concurrency), items.count) {
            let index = next
            group.addTask { (index, try await transform(items[index])) }
            next += 1
        }
        while let (index, output) = try await group.next() {
            results[index] = output
            if next < items.count {
                let index = next
                group.addTask { (index, try await transform(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
