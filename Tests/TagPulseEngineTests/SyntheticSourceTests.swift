import Foundation
import Logging
import TagPulseWire
import XCTest

@testable import TagPulseEngine

final class SyntheticSourceTests: XCTestCase {
    func testSameTargetSameBytesOtherTargetOtherData() async throws {
        let source = SyntheticSource()
        let first = try await source.feedPage(kind: .hashtag, target: "anything", cursor: nil)
        let again = try await source.feedPage(kind: .hashtag, target: "anything", cursor: nil)
        let other = try await source.feedPage(kind: .hashtag, target: "something", cursor: nil)
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, other)
        let page = try UpstreamPage<UpstreamVideo>.decode(first, listKey: "aweme_list")
        XCTAssertEqual(page.items.count, SyntheticSource.feedPageSize)
        XCTAssertEqual(page.unreadableItems, 0)
        XCTAssertEqual(page.nextCursor, "10")
        XCTAssertTrue(page.items.allSatisfy { $0.awemeID.count == 19 && $0.awemeID.allSatisfy(\.isNumber) })
    }

    func testPipelineOverSyntheticDataPaginatesAndThreads() async throws {
        let pipeline = AnalysisPipeline(
            source: SyntheticSource(),
            analyzer: LocalVideoAnalyzer(),
            limits: .init(),
            clock: .system,
            engineVersion: "t"
        )
        let params = AnalysisParams(target: "loadtest42", maxPosts: 25, maxCommentsPerPost: 60, prompt: "would people buy it and at what price")
        let result = try await pipeline.run(kind: .hashtag, params: params, logger: Logger(label: "test"))
        XCTAssertEqual(result.metadata.provider, "synthetic")
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 25)
        XCTAssertEqual(result.metadata.hashtagAPICalls, 3)
        XCTAssertEqual(result.metadata.maxReplyDepth, 2)
        XCTAssertGreaterThan(result.metadata.commentsAfterCleaning, 25 * 20)
        XCTAssertLessThanOrEqual(result.metadata.commentsAfterCleaning, 25 * 60)
        XCTAssertFalse(result.commentAnalyses.isEmpty)
        XCTAssertGreaterThan(result.metadata.purchaseIntentDistribution["high", default: 0], 0)
        let again = try await pipeline.run(kind: .hashtag, params: params, logger: Logger(label: "test"))
        XCTAssertEqual(again.commentAnalyses, result.commentAnalyses, "deterministic end to end")
    }
}
