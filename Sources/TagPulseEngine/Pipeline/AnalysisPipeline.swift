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

    func run(kind: AnalysisKind, params: AnalysisParams, logger: Logger) async throws -> AnalysisResult {
        try self.analyzer.validate(params)
        let started = ContinuousClock.now
        let (videos, feedCalls) = try await self.collectVideos(kind: kind, params: params)
        let collected = try await self.collectComments(for: videos, limit: params.maxCommentsPerPost)
        let collectDone = ContinuousClock.now
        logger.debug(
            "engine.pipeline.collected",
            metadata: ["pipeline.videos": "\(collected.count)", "pipeline.feed_calls": "\(feedCalls)"]
        )
        let outcomes = try await self.analyze(collected, params: params, logger: logger)
        if let failure = Self.totalFailure(outcomes) { throw failure }
        let finished = ContinuousClock.now
        let builder = ResultBuilder(
            kind: kind,
            params: params,
            provider: self.source.name,
            analyzer: self.analyzer.name,
            model: self.analyzer.model(for: params),
            engineVersion: self.engineVersion
        )
        return builder.build(
            collected: collected,
            outcomes: outcomes,
            feedCalls: feedCalls,
            nowMilliseconds: self.clock.nowMilliseconds(),
            collectDuration: collectDone - started,
            analyzeDuration: finished - collectDone
        )
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

    /// Analyses every video with bounded concurrency; keeps input order.
    private func analyze(_ collected: [CollectedVideo], params: AnalysisParams, logger: Logger) async throws -> [Result<VideoAnalysis, WireError>] {
        let analyzer = self.analyzer
        return try await boundedMap(collected, concurrency: self.limits.analysisConcurrency) { item in
            do {
                return .success(try await analyzer.analyze(video: item.video, comments: item.comments, params: params))
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
