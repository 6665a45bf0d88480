import TagPulseWire
import XCTest

final class TargetNormalizerTests: XCTestCase {
    func testHashtagsAreTrimmedStrippedAndLowerCased() throws {
        XCTAssertEqual(try TargetNormalizer.normalize("  ##SkinCare ", kind: .hashtag), "skincare")
        XCTAssertEqual(try TargetNormalizer.normalize("air_fryer", kind: .hashtag), "air_fryer")
        XCTAssertEqual(try TargetNormalizer.normalize("café", kind: .hashtag), "café")
        // NFD input normalises to the same NFC key.
        XCTAssertEqual(try TargetNormalizer.normalize("cafe\u{301}", kind: .hashtag), "café")
        XCTAssertEqual(try TargetNormalizer.normalize("日本", kind: .hashtag), "日本")
    }

    func testInvalidHashtagsNameTheField() {
        for bad in ["bad tag!", "a-b", "🔥", "   ", "#", "__", "test@hashtag", "test#hashtag"] {
            XCTAssertThrowsError(try TargetNormalizer.normalize(bad, kind: .hashtag), bad) { error in
                XCTAssertEqual((error as? FieldViolation)?.field, "hashtag")
            }
        }
    }

    func testLengthsCountCodePointsBeforeTrimming() {
        XCTAssertNoThrow(try TargetNormalizer.normalize(String(repeating: "a", count: 100), kind: .hashtag))
        XCTAssertThrowsError(try TargetNormalizer.normalize(String(repeating: "a", count: 101), kind: .hashtag))
        XCTAssertThrowsError(try TargetNormalizer.normalize("", kind: .hashtag))
    }

    func testAccountsAllowDotsAndUnderscores() throws {
        XCTAssertEqual(try TargetNormalizer.normalize("@Chef.Marco_1", kind: .account), "chef.marco_1")
        XCTAssertThrowsError(try TargetNormalizer.normalize("chef marco", kind: .account))
        XCTAssertThrowsError(try TargetNormalizer.normalize(String(repeating: "a", count: 51), kind: .account))
    }

    func testSearchCollapsesWhitespace() throws {
        XCTAssertEqual(try TargetNormalizer.normalize("  R12GS   BMW ", kind: .search), "r12gs bmw")
        XCTAssertThrowsError(try TargetNormalizer.normalize(" \t ", kind: .search))
    }

    func testDotSegmentsAreRefusedForEveryKind() {
        let cases: [(AnalysisKind, [String])] = [(.search, [".", "..", " .. "]), (.account, [".", "..", "@..", "@."]), (.hashtag, ["..", "#."])]
        for (kind, targets) in cases {
            for bad in targets {
                XCTAssertThrowsError(try TargetNormalizer.normalize(bad, kind: kind), "\(kind) \(bad)") { error in
                    XCTAssertEqual((error as? FieldViolation)?.field, kind.fieldName)
                }
            }
        }
        XCTAssertEqual(try TargetNormalizer.normalize("v1.2 ...", kind: .search), "v1.2 ...")
        XCTAssertTrue(AnalysisParams(target: "..", prompt: "0123456789").violations(for: .search).contains { $0.field == "query" })
    }

    func testParamsViolationsListEveryBadField() {
        let params = AnalysisParams(target: "ok", maxPosts: 51, maxCommentsPerPost: 0, prompt: "short", model: "", maxQuoteLength: 10)
        let fields = Set(params.violations(for: .hashtag).map(\.field))
        XCTAssertEqual(fields, ["max_posts", "max_comments_per_post", "ai_analysis_prompt", "max_quote_length", "model"])
        XCTAssertTrue(AnalysisParams(target: "x", maxPosts: 100, prompt: "0123456789").violations(for: .account).isEmpty)
    }

    func testRFC3339() {
        XCTAssertEqual(RFC3339.string(fromUnixSeconds: 0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(RFC3339.string(fromUnixSeconds: 1_759_276_800), "2025-10-01T00:00:00Z")
        XCTAssertEqual(RFC3339.string(fromUnixSeconds: 951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(RFC3339.string(fromUnixMilliseconds: 1_759_276_800_123), "2025-10-01T00:00:00.123Z")
        XCTAssertEqual(RFC3339.string(fromUnixMilliseconds: -1), "1969-12-31T23:59:59.999Z")
    }
}
