import Foundation
import Logging
import Synchronization
import TagPulseHTTPClient
import TagPulseTestSupport
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// The real provider path: RapidAPISource → UpstreamCaller → libcurl → a fake RapidAPI on a loopback port.
final class RapidAPISourceTests: XCTestCase, @unchecked Sendable {
    let params = AnalysisParams(target: "skincare", maxPosts: 5, maxCommentsPerPost: 10, prompt: "opinions on the price; would they buy it?")

    /// Builds the source against `base` with a real curl client; sleeps are recorded, not slept.
    func withSource<T: Sendable>(
        base: String,
        key: String = "fake-rapidapi-key-0123",
        maxAttempts: Int = 3,
        breaker: CircuitBreaker = CircuitBreaker(name: "test"),
        searchPath: String = "/search/video/{query}",
        _ body: (RapidAPISource, SleepLog) async throws -> T
    ) async throws -> T {
        let http = CurlHTTPClient(threads: 4, userAgent: "tagpulse-test")
        let sleeps = SleepLog()
        let caller = UpstreamCaller(
            name: "rapidapi",
            http: http,
            breaker: breaker,
            retry: RetryPolicy(maxAttempts: maxAttempts),
            callTimeout: .seconds(5),
            random: { 0.5 },
            sleep: { duration in sleeps.values.withLock { $0.append(duration) } }
        )
        let source = RapidAPISource(
            configuration: RapidAPIConfiguration(key: key, host: "fake.host", baseURL: base, searchPath: searchPath),
            caller: caller
        )
        do {
            let result = try await body(source, sleeps)
            await http.shutdown()
            return result
        } catch {
            await http.shutdown()
            throw error
        }
    }

    func testPipelineFollowsCursorsReadsThreadsAndCountsRealCalls() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            try await self.withSource(base: base) { source, _ in
                let pipeline = AnalysisPipeline(
                    source: source,
                    analyzer: LocalVideoAnalyzer(),
                    limits: .init(),
                    clock: .system,
                    engineVersion: "test"
                )
                let result = try await pipeline.run(kind: .hashtag, params: self.params, logger: Logger(label: "test"))
                let metadata = result.metadata
                XCTAssertEqual(metadata.provider, "rapidapi")
                XCTAssertEqual(metadata.totalVideosAnalyzed, 5)
                XCTAssertEqual(metadata.hashtagAPICalls, 2, "two feed pages for five videos")
                XCTAssertEqual(metadata.commentsAPICalls, 10, "two comment pages per video")
                XCTAssertEqual(metadata.totalCommentsFound, 35)
                XCTAssertEqual(metadata.commentsDropped["duplicate"], 5)
                XCTAssertEqual(metadata.commentsDropped["generic_engagement"], 5, "\"first!\" on every video")
                XCTAssertEqual(metadata.commentsDropped["spam"], 5, "\"link in bio\" on every video")
                XCTAssertEqual(metadata.commentsAfterCleaning, 20)
                // The reply to the filtered "link in bio" keeps its real place in the thread: depth 2.
                XCTAssertEqual(metadata.maxReplyDepth, 2)
                XCTAssertEqual(metadata.replyComments, 5)
                let reply = try XCTUnwrap(result.commentAnalyses.first { $0.threadDepth == 2 })
                XCTAssertTrue(reply.isReply)
                XCTAssertEqual(reply.parentCommentID, reply.commentID.map { String($0.dropLast(2)) + "11" })
                // The cost: every call sent to the upstream, no tokens (the local analyzer).
                XCTAssertEqual(metadata.usage, AnalysisUsage(upstreamCalls: 12))
            }
        }
        let recorded = fake.recorded
        XCTAssertEqual(recorded.count, 12)
        XCTAssertTrue(recorded.allSatisfy { $0.key == fake.key && $0.host == "fake.host" })
        XCTAssertEqual(recorded.filter { $0.path == "/challenge/skincare/feed" }.map(\.query), ["", "max_cursor=3"])
        XCTAssertTrue(recorded.contains { $0.path.hasPrefix("/comments/") && $0.query == "max_cursor=3" })
    }

    func testRateLimitAndServerErrorsAreRetriedHonouringRetryAfter() async throws {
        let fake = FakeRapidAPI()
        fake.failFirst("/challenge/retrytag/feed", with: [(429, "2"), (503, nil)])
        try await fake.run { base in
            try await self.withSource(base: base) { source, sleeps in
                let body = try await source.feedPage(kind: .hashtag, target: "retrytag", cursor: nil)
                XCTAssertTrue(String(decoding: body, as: UTF8.self).contains("aweme_list"))
                XCTAssertEqual(sleeps.values.withLock { $0 }, [.seconds(2), .milliseconds(200)], "Retry-After first, then jittered backoff")
            }
        }
        XCTAssertEqual(fake.recorded.filter { $0.path == "/challenge/retrytag/feed" }.count, 3)
    }

    func testEveryAttemptOfARetriedCallIsCountedInTheAnalysisCost() async throws {
        let fake = FakeRapidAPI()
        fake.failFirst("/challenge/retrytag/feed", with: [(429, "2"), (503, nil)])
        try await fake.run { base in
            try await self.withSource(base: base) { source, _ in
                let tally = UsageTally()
                _ = try await UsageTally.$current.withValue(tally) {
                    try await source.feedPage(kind: .hashtag, target: "retrytag", cursor: nil)
                }
                XCTAssertEqual(tally.usage.upstreamCalls, 3, "two refused attempts and the one that succeeded")
                XCTAssertEqual(tally.usage.openAIPromptTokens, 0)
            }
        }
    }

    func testUnknownTargetIsNotFoundAndWrongKeyIsNotRetried() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            try await self.withSource(base: base) { source, _ in
                await XCTAssertThrowsWireError(.targetNotFound) { _ = try await source.feedPage(kind: .hashtag, target: "missingtag", cursor: nil) }
            }
            try await self.withSource(base: base, key: "wrong-key-0123456") { source, sleeps in
                await XCTAssertThrowsWireError(.upstreamError) { _ = try await source.feedPage(kind: .account, target: "chefmarco", cursor: nil) }
                XCTAssertTrue(sleeps.values.withLock { $0.isEmpty })
            }
        }
        XCTAssertEqual(fake.recorded.filter { $0.path == "/user/chefmarco/feed" }.count, 1)
    }

    func testPersistentFailureExhaustsRetriesThenOpensTheBreaker() async throws {
        let fake = FakeRapidAPI()
        let breaker = CircuitBreaker(name: "test", failureThreshold: 3, openDuration: .seconds(60))
        try await fake.run { base in
            try await self.withSource(base: base, breaker: breaker) { source, _ in
                await XCTAssertThrowsWireError(.upstreamError) { _ = try await source.feedPage(kind: .hashtag, target: "brokentag", cursor: nil) }
                XCTAssertEqual(breaker.state, .open)
                await XCTAssertThrowsWireError(.upstreamUnavailable) {
                    _ = try await source.feedPage(kind: .hashtag, target: "skincare", cursor: nil)
                }
            }
        }
        XCTAssertEqual(fake.recorded.filter { $0.path == "/challenge/brokentag/feed" }.count, 3)
        XCTAssertFalse(fake.recorded.contains { $0.path == "/challenge/skincare/feed" }, "an open breaker makes no call")
    }

    /// A search query is one URL component: it cannot add a parameter (`shoes&count=1000`) or climb the path (`..`),
    /// whether `tiktok.search_path` puts it in the path or in the query string.
    func testSearchQueriesCannotChangeTheUpstreamURL() async throws {
        let fake = FakeRapidAPI()
        try await fake.run { base in
            try await self.withSource(base: base) { source, _ in
                _ = try await source.feedPage(kind: .search, target: "..", cursor: nil)
                _ = try await source.feedPage(kind: .search, target: ".", cursor: nil)
                _ = try await source.feedPage(kind: .search, target: "shoes&count=1000", cursor: "3")
                _ = try await source.feedPage(kind: .search, target: "a/../../b?x=1#f ü", cursor: nil)
            }
            try await self.withSource(base: base, searchPath: "/search?keywords={query}") { source, _ in
                _ = try await source.feedPage(kind: .search, target: "shoes&count=1000", cursor: "3")
                _ = try await source.feedPage(kind: .search, target: "x;count=9+1", cursor: nil)
            }
            try await self.withSource(base: base) { source, _ in
                _ = try await source.feedPage(kind: .account, target: "chef.marco", cursor: "a&b=c")
            }
        }
        XCTAssertEqual(
            fake.requestTargets,
            [
                "/search/video/%2E%2E",
                "/search/video/%2E",
                "/search/video/shoes%26count%3D1000?cursor=3",
                "/search/video/a%2F..%2F..%2Fb%3Fx%3D1%23f%20%C3%BC",
                "/search?keywords=shoes%26count%3D1000&cursor=3",
                "/search?keywords=x%3Bcount%3D9%2B1",
                "/user/chef.marco/feed?count=30&cursor=a%26b%3Dc",
            ]
        )
        // The query-string form: one `keywords` value, holding the whole query; no `count` parameter was added.
        let searches = fake.recorded.filter { $0.path == "/search" }
        XCTAssertEqual(searches.count, 2)
        XCTAssertFalse(searches.contains { $0.query.contains("count=") && !$0.query.contains("count%3D") })
    }

    func testUnreachableUpstreamIsAnUpstreamError() async throws {
        try await self.withSource(base: "http://127.0.0.1:9", maxAttempts: 2) { source, sleeps in
            await XCTAssertThrowsWireError(.upstreamError) { _ = try await source.commentPage(videoID: "123", cursor: nil) }
            XCTAssertEqual(sleeps.values.withLock { $0.count }, 1)
        }
    }
}

func XCTAssertThrowsWireError(
    _ code: WireErrorCode,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        XCTFail("expected \(code), nothing was thrown", file: file, line: line)
    } catch let error as WireError {
        XCTAssertEqual(error.code, code, error.message, file: file, line: line)
    } catch {
        XCTFail("expected \(code), got \(error)", file: file, line: line)
    }
}

/// The pauses an ``UpstreamCaller`` asked for, recorded instead of slept.
final class SleepLog: Sendable {
    let values = Mutex<[Duration]>([])
}

/// Every injected fault ends in the documented error or a partial result, never a hang or a silent drop.
final class RapidAPIFaultTests: XCTestCase, @unchecked Sendable {
    func pipeline(_ source: RapidAPISource, maxFeedPages: Int = 10) -> AnalysisPipeline {
        AnalysisPipeline(
            source: source,
            analyzer: LocalVideoAnalyzer(),
            limits: PipelineLimits(maxFeedPages: maxFeedPages),
            clock: .system,
            engineVersion: "test"
        )
    }

    func source(_ base: String, http: CurlHTTPClient, callTimeout: Duration = .seconds(5), maxAttempts: Int = 2) -> RapidAPISource {
        RapidAPISource(
            configuration: RapidAPIConfiguration(key: "fake-rapidapi-key-0123", baseURL: base),
            caller: UpstreamCaller(
                name: "rapidapi",
                http: http,
                breaker: CircuitBreaker(name: "t"),
                retry: RetryPolicy(maxAttempts: maxAttempts),
                callTimeout: callTimeout,
                sleep: { _ in }
            )
        )
    }

    func run(_ target: String, maxPosts: Int = 20, _ body: @escaping @Sendable (FakeRapidAPI) -> Void = { _ in }, maxFeedPages: Int = 10)
        async throws -> (Result<AnalysisResult, any Error>, FakeRapidAPI)
    {
        let fake = FakeRapidAPI()
        body(fake)
        let http = CurlHTTPClient(threads: 4, userAgent: "tagpulse-test")
        let outcome = await Result(catching: {
            try await fake.run { base in
                try await self.pipeline(self.source(base, http: http, callTimeout: .milliseconds(500)), maxFeedPages: maxFeedPages)
                    .run(
                        kind: .hashtag,
                        params: AnalysisParams(target: target, maxPosts: maxPosts, prompt: "price opinions"),
                        logger: Logger(label: "t")
                    )
            }
        })
        await http.shutdown()
        return (outcome, fake)
    }

    func testSlowUpstreamTimesOutWithinItsBudget() async throws {
        let started = ContinuousClock.now
        let (outcome, fake) = try await self.run("slowtag")
        XCTAssertEqual((outcome.failureValue as? WireError)?.code, .upstreamTimeout)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2.5), "two attempts of 500 ms, not the upstream's 3 s")
        XCTAssertEqual(fake.recorded.count, 2)
    }

    func testTruncatedFeedIsAnUpstreamError() async throws {
        let (outcome, _) = try await self.run("truncatedtag")
        XCTAssertEqual((outcome.failureValue as? WireError)?.code, .upstreamError)
    }

    func testCursorLoopStopsAfterTheRepeatedCursor() async throws {
        let (outcome, fake) = try await self.run("looptag")
        let result = try outcome.get()
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 3, "the same page twice yields its videos once")
        XCTAssertEqual(result.metadata.hashtagAPICalls, 2)
        XCTAssertEqual(fake.recorded.filter { $0.path == "/challenge/looptag/feed" }.count, 2)
    }

    func testUpstreamIgnoringCursorsIsBoundedByThePageCap() async throws {
        let (outcome, _) = try await self.run("repeattag", maxFeedPages: 4)
        let result = try outcome.get()
        XCTAssertEqual(result.metadata.hashtagAPICalls, 4)
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 3, "duplicates by id are dropped")
    }

    func testMalformedCommentPageLosesOnlyThatPage() async throws {
        let (outcome, fake) = try await self.run("skincare", maxPosts: 3) { fake in
            fake.serveMalformed("/comments/\(7_300_000_000_000_000_000 + abs("skincare".hashValue % 1_000_000) * 100)")
        }
        let result = try outcome.get()
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 3, "the video with the broken page is still analysed")
        XCTAssertEqual(result.metadata.commentsDropped["page_error"], 1)
        XCTAssertFalse(fake.recorded.isEmpty)
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
