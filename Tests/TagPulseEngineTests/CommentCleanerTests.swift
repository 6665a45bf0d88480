import Foundation
import XCTest

@testable import TagPulseEngine

final class CommentCleanerTests: XCTestCase {
    private func comments(_ json: String) throws -> [UpstreamComment] {
        try UpstreamPage<UpstreamComment>.decode(Data(#"{"status":"ok","data":{"comments":\#(json),"has_more":0}}"#.utf8), listKey: "comments").items
    }

    func testThreadsGetRealDepthAndParents() throws {
        let upstream = try self.comments(
            """
            [{"cid":"1","text":"where can I buy this?","reply_id":"0","user":{"nickname":"ana"},
              "reply_comment":[
                {"cid":"2","text":"link in my bio","reply_id":"1","reply_to_reply_id":"0"},
                {"cid":"3","text":"thanks!!","reply_id":"1","reply_to_reply_id":"2"}]},
             {"cid":4,"text":"love it","reply_id":0}]
            """
        )
        var outcome = CommentCleaner.Outcome()
        var seen: Set<String> = []
        CommentCleaner(rules: CleaningRules(dropSpam: false, dropEmojiOnly: false, dropGenericEngagement: false)).clean(
            upstream,
            videoID: "v",
            limit: 50,
            into: &outcome,
            seen: &seen
        )
        XCTAssertEqual(outcome.comments.map(\.id), ["1", "2", "3", "4"])
        XCTAssertEqual(outcome.comments.map(\.depth), [0, 1, 2, 0])
        XCTAssertEqual(outcome.comments.map(\.parentID), [nil, "1", "2", nil])
        XCTAssertEqual(outcome.comments.map(\.isReply), [false, true, true, false])
        XCTAssertEqual(outcome.found, 4)
    }

    func testFiltersDropSpamEmojiAndEngagementAndCountThem() throws {
        let upstream = try self.comments(
            #"[{"cid":"1","text":"FREE gift card 👉 link in bio"},{"cid":"2","text":"😍😍😍"},{"cid":"3","text":"first!"},"#
                + #"{"cid":"4","text":"where can I buy this serum?"},{"cid":"5","text":"broke after two weeks, want a refund"}]"#
        )
        var outcome = CommentCleaner.Outcome()
        var seen: Set<String> = []
        CommentCleaner().clean(upstream, videoID: "v", limit: 50, into: &outcome, seen: &seen)
        XCTAssertEqual(outcome.comments.map(\.id), ["4", "5"])
        XCTAssertEqual(outcome.dropped, ["spam": 1, "emoji_only": 1, "generic_engagement": 1])

        var keepAll = CommentCleaner.Outcome()
        var seenAgain: Set<String> = []
        CommentCleaner(rules: CleaningRules(dropSpam: false, dropEmojiOnly: false, dropGenericEngagement: false))
            .clean(upstream, videoID: "v", limit: 50, into: &keepAll, seen: &seenAgain)
        XCTAssertEqual(keepAll.comments.count, 5)
        XCTAssertTrue(keepAll.dropped.isEmpty)
    }

    func testDuplicatesEmptiesAndLimitAreCountedByReason() throws {
        let upstream = try self.comments(
            #"[{"cid":"1","text":"a"},{"cid":"1","text":"a"},{"cid":"2","text":" \u0001 "},{"cid":"3","text":"b"},{"cid":"4","text":"c"}]"#
        )
        var outcome = CommentCleaner.Outcome()
        var seen: Set<String> = []
        CommentCleaner(rules: CleaningRules(dropSpam: false, dropEmojiOnly: false, dropGenericEngagement: false)).clean(
            upstream,
            videoID: "v",
            limit: 2,
            into: &outcome,
            seen: &seen
        )
        XCTAssertEqual(outcome.comments.map(\.id), ["1", "3"])
        XCTAssertEqual(outcome.dropped, ["duplicate": 1, "empty": 1, "over_limit": 1])
        XCTAssertEqual(outcome.found, 5)
    }
}
