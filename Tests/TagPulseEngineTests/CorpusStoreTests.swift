import Foundation
import TagPulseWire
import XCTest

@testable import TagPulseEngine

/// The shipped corpus: every file loads through the same lenient decoding as the real upstream, and it is as
/// large as promised (30 hashtags, 10 accounts, 20 videos each, 50+ comments per video).
final class CorpusStoreTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TagPulseEngine/Resources/corpus")

    func testEveryTargetLoadsAndMeetsTheSizePromise() throws {
        let store = try CorpusStore(directory: Self.directory)
        XCTAssertGreaterThanOrEqual(store.names(of: .hashtag).count, 30)
        XCTAssertGreaterThanOrEqual(store.names(of: .account).count, 10)
        for kind in [AnalysisKind.hashtag, .account] {
            for name in store.names(of: kind) {
                let entry = try XCTUnwrap(try store.target(kind: kind, name: name), name)
                var videos: [UpstreamVideo] = []
                for body in entry.feed.bodies {
                    let page = try UpstreamPage<UpstreamVideo>.decode(body, listKey: "aweme_list")
                    videos += page.items
                }
                XCTAssertGreaterThanOrEqual(videos.count, 20, name)
                for video in videos {
                    let pages = try XCTUnwrap(store.commentPages(videoID: video.awemeID), "\(name)/\(video.awemeID)")
                    let comments = try pages.bodies.flatMap { try UpstreamPage<UpstreamComment>.decode($0, listKey: "comments").items }
                    let withReplies = comments.reduce(0) { $0 + 1 + $1.replies.count }
                    XCTAssertGreaterThanOrEqual(withReplies, 50, "\(name)/\(video.awemeID)")
                }
            }
        }
    }

    func testCorruptOrTruncatedGzipIsAnError() throws {
        let file = Self.directory.appendingPathComponent("hashtag/skincare.json.gz")
        let data = try Data(contentsOf: file)
        XCTAssertNoThrow(try Gunzip.inflate(data))
        XCTAssertThrowsError(try Gunzip.inflate(data.prefix(data.count / 2)))
        var corrupt = data
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count / 2 + 1] ^= 0xFF
        XCTAssertThrowsError(try Gunzip.inflate(corrupt))
        XCTAssertThrowsError(try Gunzip.inflate(Data("not gzip".utf8)))
        XCTAssertThrowsError(try Gunzip.inflate(data, limit: 1024), "output past the limit is refused")
    }
}
