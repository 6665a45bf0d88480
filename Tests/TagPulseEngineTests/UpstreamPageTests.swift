import Foundation
import XCTest

@testable import TagPulseEngine

final class UpstreamPageTests: XCTestCase {
    func testLenientVideoDecodingKeepsOddVideos() throws {
        let body = """
            {"status":"ok","data":{"has_more":true,"cursor":20,"aweme_list":[
              {"aweme_id":"7300000000000000001","desc":"great &amp; cheap","create_time":"1759276800",
               "statistics":{"digg_count":"12","play_count":1000,"comment_count":-3},
               "author":{"nickname":"Maya","unique_id":"glowwithmaya"}},
              {"aweme_id":7300000000000000002,"statistics":null,"author":null,"share_info":{"share_url":"https://t/x"}},
              {"desc":"no id, unreadable"},
              "not even an object"
            ]}}
            """
        let page = try UpstreamPage<UpstreamVideo>.decode(Data(body.utf8), listKey: "aweme_list")
        XCTAssertEqual(page.items.count, 2)
        XCTAssertEqual(page.unreadableItems, 2)
        XCTAssertTrue(page.hasMore)
        XCTAssertEqual(page.nextCursor, "20")
        let first = Video(page.items[0])
        XCTAssertEqual(first.caption, "great & cheap")
        XCTAssertEqual(first.createTime, 1_759_276_800)
        XCTAssertEqual(first.likes, 12)
        XCTAssertEqual(first.commentCount, 0)
        XCTAssertEqual(first.shareURL, "https://www.tiktok.com/@glowwithmaya/video/7300000000000000001")
        let second = Video(page.items[1])
        XCTAssertEqual(second.id, "7300000000000000002")
        XCTAssertEqual(second.plays, 0)
        XCTAssertEqual(second.shareURL, "https://t/x")
    }

    func testStatusOtherThanOkIsAnError() {
        for body in [#"{"status":"error","data":{}}"#, #"{"data":{"aweme_list":[]}}"#, "<html>", #"{"status":"ok"}"#] {
            XCTAssertThrowsError(try UpstreamPage<UpstreamVideo>.decode(Data(body.utf8), listKey: "aweme_list"), body)
        }
    }

    func testHasMoreAsIntegerAndMaxCursor() throws {
        let body = #"{"status":"ok","data":{"aweme_list":[],"has_more":1,"max_cursor":1759276800000,"min_cursor":1}}"#
        let page = try UpstreamPage<UpstreamVideo>.decode(Data(body.utf8), listKey: "aweme_list")
        XCTAssertTrue(page.hasMore)
        XCTAssertEqual(page.nextCursor, "1759276800000")
    }
}
