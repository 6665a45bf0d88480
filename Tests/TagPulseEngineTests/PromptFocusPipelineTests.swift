import Foundation
import Logging
import TagPulseLocalAnalysis
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// The offline analysis follows the prompt (issue 17), through the whole pipeline on the shipped corpus: different
/// aspects select different comments, the same question in English and Spanish nearly the same ones, items come
/// best first with their relevance, the metadata says what was understood and how many comments were left out,
/// and a prompt understood not at all keeps nothing.
final class PromptFocusPipelineTests: XCTestCase {
    func run(_ prompt: String, hashtag: String = "skincare") async throws -> AnalysisResult {
        let pipeline = AnalysisPipeline(
            source: CorpusSource(store: try CorpusSearchTests.shared.get()),
            analyzer: LocalVideoAnalyzer(),
            limits: .init(),
            clock: .system,
            engineVersion: "test"
        )
        let params = AnalysisParams(target: hashtag, maxPosts: 20, prompt: prompt)
        return try await pipeline.run(kind: .hashtag, params: params, logger: Logger(label: "test"))
    }

    func ids(_ result: AnalysisResult) -> Set<String> {
        Set(result.commentAnalyses.map { $0.commentID ?? "caption:\($0.videoID)" })
    }

    func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        a.isEmpty && b.isEmpty ? 1 : Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    func testDifferentAspectsSelectDifferentComments() async throws {
        for hashtag in ["skincare", "airfryer"] {
            let price = try await self.run("What do people think about the price? Is it worth the money?", hashtag: hashtag)
            let results = try await self.run("Does it actually work? What results do people get?", hashtag: hashtag)
            let delivery = try await self.run("Are people complaining about shipping or delivery?", hashtag: hashtag)
            XCTAssertFalse(price.commentAnalyses.isEmpty, hashtag)
            XCTAssertFalse(results.commentAnalyses.isEmpty, hashtag)
            XCTAssertFalse(delivery.commentAnalyses.isEmpty, hashtag)
            XCTAssertLessThan(self.jaccard(self.ids(price), self.ids(results)), 0.25, hashtag)
            XCTAssertLessThan(self.jaccard(self.ids(price), self.ids(delivery)), 0.25, hashtag)
            XCTAssertLessThan(self.jaccard(self.ids(results), self.ids(delivery)), 0.25, hashtag)
            XCTAssertEqual(price.metadata.promptFocus?.aspects, ["price"])
            XCTAssertEqual(delivery.metadata.promptFocus?.aspects, ["delivery"])
        }
    }

    func testTheSameQuestionInEnglishAndSpanishSelectsNearlyTheSameComments() async throws {
        let pairs = [
            ("What do people think about the price? Is it worth the money?", "¿Qué opinan del precio? ¿Vale la pena?"),
            ("Would people buy it? Where do they buy it?", "¿La gente lo compraría? ¿Dónde lo compran?"),
        ]
        for (english, spanish) in pairs {
            let a = self.ids(try await self.run(english))
            let b = self.ids(try await self.run(spanish))
            XCTAssertFalse(a.isEmpty, english)
            XCTAssertGreaterThanOrEqual(self.jaccard(a, b), 0.9, "\(english) / \(spanish): \(a.count) vs \(b.count)")
        }
    }

    func testItemsComeBestFirstWithTheirRelevanceAndTheMetadataSaysWhatWasLeftOut() async throws {
        let result = try await self.run("What do people think about the price?")
        let relevances = result.commentAnalyses.map(\.relevance)
        XCTAssertFalse(relevances.isEmpty)
        XCTAssertTrue(relevances.allSatisfy { ($0 ?? -1) >= LocalAnalyzer.relevanceThreshold })
        XCTAssertEqual(relevances, relevances.sorted { ($0 ?? 0) > ($1 ?? 0) })
        let focus = try XCTUnwrap(result.metadata.promptFocus)
        XCTAssertTrue(focus.understood)
        XCTAssertFalse(focus.generalOpinion)
        let irrelevant = try XCTUnwrap(result.metadata.commentsIrrelevant)
        XCTAssertGreaterThan(irrelevant, result.commentAnalyses.count)
        // Every cleaned comment (and caption) is either kept, left out as irrelevant, or generic/spam.
        XCTAssertLessThanOrEqual(
            result.commentAnalyses.count + irrelevant,
            result.metadata.commentsAfterCleaning + result.metadata.totalVideosAnalyzed
        )
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        XCTAssertTrue(json.contains(#""relevance":"#))
        XCTAssertTrue(json.contains(#""prompt_focus":{"#))
    }

    func testAPromptUnderstoodNotAtAllKeepsNothingAndSaysSo() async throws {
        let result = try await self.run("Please tell me everything about it.")
        XCTAssertTrue(result.commentAnalyses.isEmpty)
        XCTAssertEqual(result.metadata.promptFocus?.understood, false)
        XCTAssertGreaterThan(result.metadata.commentsIrrelevant ?? 0, 0)
        let mars = try await self.run("Describe the weather on Mars in great detail please")
        XCTAssertEqual(mars.metadata.promptFocus?.keywords, ["weather", "mars"])
        XCTAssertLessThan(mars.commentAnalyses.count, 5)
    }

    func testAGeneralOpinionPromptKeepsOpinions() async throws {
        let result = try await self.run("¿Qué opinan?")
        XCTAssertEqual(result.metadata.promptFocus?.generalOpinion, true)
        XCTAssertFalse(result.commentAnalyses.isEmpty)
        // Opinions: mostly a sentiment; a neutral one is a judgment of price, quality, results… ("X > Y").
        let opinionated = result.commentAnalyses.filter { $0.sentiment != "neutral" }.count
        XCTAssertGreaterThan(Double(opinionated), 0.7 * Double(result.commentAnalyses.count))
        XCTAssertFalse(result.commentAnalyses.contains { $0.quote.hasSuffix("?") })
    }

    /// Cleaning reads each comment once and the analysis uses that reading: a comment given a reading of another
    /// text is analysed by the reading, which proves it is not classified a second time.
    func testTheAnalysisUsesTheReadingCleaningMade() async throws {
        let video = Video(try JSONDecoder().decode(UpstreamVideo.self, from: Data(#"{"aweme_id":"v1"}"#.utf8)))
        let reading = LocalAnalyzer().read("$399 for this? absolutely not")
        let comment = Comment(id: "c1", videoID: "v1", text: "hello there", likes: 0, authorNickname: "", parentID: nil, depth: 0, reading: reading)
        let params = AnalysisParams(target: "x", prompt: "What do people think about the price?")
        let analysis = try await LocalVideoAnalyzer().analyze(video: video, comments: [comment], params: params)
        XCTAssertEqual(analysis.quotes.map(\.commentID), ["c1"])
        XCTAssertEqual(analysis.quotes.first?.sentiment, reading.classification.sentiment.rawValue)

        var outcome = CommentCleaner.Outcome()
        var seen: Set<String> = []
        let upstream = try UpstreamPage<UpstreamComment>.decode(
            Data(#"{"status":"ok","data":{"comments":[{"cid":"1","text":"not worth the money at all"}],"has_more":0}}"#.utf8),
            listKey: "comments"
        ).items
        CommentCleaner().clean(upstream, videoID: "v1", limit: 10, into: &outcome, seen: &seen)
        XCTAssertEqual(outcome.comments.first?.reading?.classification, LocalAnalyzer().classify("not worth the money at all"))
    }
}
