import Foundation
import Logging
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// The offline search over the shipped corpus, served through the same page decoding as the real upstream.
final class CorpusSearchTests: XCTestCase {
    /// One store for the suite: a search reads every corpus file once.
    static let shared = Result { () throws(CorpusError) -> CorpusStore in try CorpusStore(directory: CorpusStoreTests.directory) }

    func videos(_ entry: CorpusStore.Entry) throws -> [UpstreamVideo] {
        try entry.feed.bodies.flatMap { try UpstreamPage<UpstreamVideo>.decode($0, listKey: "aweme_list").items }
    }

    func testAQueryFindsEveryVideoWithAllItsWordsOrItsJoinedHashtag() throws {
        let store = try Self.shared.get()
        let entry = try store.search(query: "  Air   FRYER ")
        let found = try self.videos(entry)
        XCTAssertGreaterThan(found.count, 10)
        XCTAssertLessThanOrEqual(found.count, CorpusStore.searchLimit)
        XCTAssertEqual(Set(found.map(\.awemeID)).count, found.count, "each video once")
        for video in found {
            let text = (video.desc ?? "").lowercased() + " " + video.hashtags.joined(separator: " ").lowercased()
            XCTAssertTrue((text.contains("air") && text.contains("fryer")) || video.hashtags.map { $0.lowercased() }.contains("airfryer"), text)
        }
        // Every video has its comments (the targets it came from are loaded).
        for video in found { XCTAssertNotNil(store.commentPages(videoID: video.awemeID), video.awemeID) }
        // The same query, differently written, is the same deterministic answer.
        XCTAssertEqual(try self.videos(try store.search(query: "air fryer")).map(\.awemeID), found.map(\.awemeID))
    }

    func testPagesFollowTheUpstreamCursorContract() throws {
        let store = try Self.shared.get()
        let entry = try store.search(query: "skincare")
        XCTAssertGreaterThan(entry.feed.bodies.count, 1)
        for (index, body) in entry.feed.bodies.enumerated() {
            let page = try UpstreamPage<UpstreamVideo>.decode(body, listKey: "aweme_list")
            let last = index == entry.feed.bodies.count - 1
            XCTAssertEqual(page.hasMore, !last)
            XCTAssertLessThanOrEqual(page.items.count, CorpusStore.searchPageSize)
            if !last {
                let cursor = try XCTUnwrap(page.nextCursor)
                XCTAssertEqual(entry.feed.indexForCursor[cursor], index + 1)
            }
        }
    }

    func testAQueryMatchingNothingIsAnEmptyFeed() throws {
        let store = try Self.shared.get()
        for query in ["zzqx nothing here", "", "!!!"] {
            let entry = try store.search(query: query)
            XCTAssertEqual(entry.feed.bodies.count, 1, query)
            XCTAssertEqual(try self.videos(entry).count, 0, query)
        }
    }
}

/// Through the whole pipeline: a search that finds nothing is a valid, empty answer; an unknown hashtag is not.
final class CorpusSearchPipelineTests: XCTestCase {
    func pipeline() throws -> AnalysisPipeline {
        AnalysisPipeline(
            source: CorpusSource(store: try CorpusSearchTests.shared.get()),
            analyzer: LocalVideoAnalyzer(),
            limits: .init(),
            clock: .system,
            engineVersion: "test"
        )
    }

    func testASearchThatFindsNothingIsAnEmptySuccess() async throws {
        let params = AnalysisParams(target: "zzqx nothing here", prompt: "Would people buy this at that price?")
        let result = try await self.pipeline().run(kind: .search, params: params, logger: Logger(label: "test"))
        XCTAssertTrue(result.commentAnalyses.isEmpty)
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 0)
    }

    func testASearchThatFindsVideosAnalysesThem() async throws {
        let params = AnalysisParams(target: "air fryer", maxPosts: 3, prompt: "Would people buy this at that price?")
        let result = try await self.pipeline().run(kind: .search, params: params, logger: Logger(label: "test"))
        XCTAssertEqual(result.metadata.totalVideosAnalyzed, 3)
        XCTAssertFalse(result.commentAnalyses.isEmpty)
    }

    func testAnUnknownHashtagIsStillNotFound() async throws {
        let params = AnalysisParams(target: "zzqxnothing", prompt: "Would people buy this at that price?")
        do {
            _ = try await self.pipeline().run(kind: .hashtag, params: params, logger: Logger(label: "test"))
            XCTFail("an unknown hashtag has no answer")
        } catch let error as WireError {
            XCTAssertEqual(error.code, .targetNotFound)
        }
    }
}
