import XCTest

@testable import TagPulseEngine

final class TextCleanerTests: XCTestCase {
    func testCollapsesWhitespaceDecodesEntitiesAndDropsControls() {
        XCTAssertEqual(TextCleaner.clean("  Tom &amp; Jerry\n\n are\tgreat  ", maxLength: 100), "Tom & Jerry are great")
        XCTAssertEqual(TextCleaner.clean("\u{01} hi\u{7F}!", maxLength: 100), "hi!")
        XCTAssertEqual(TextCleaner.clean("&#233;t&#xE9; &lt;3 &unknown; & done", maxLength: 100), "été <3 &unknown; & done")
        XCTAssertEqual(TextCleaner.clean("\u{01}\u{02}", maxLength: 100), "")
    }

    func testKeepsEmojiAndCutsAtCodePoints() {
        XCTAssertEqual(TextCleaner.clean("love it 😍🔥 #fyp @maya", maxLength: 100), "love it 😍🔥 #fyp @maya")
        XCTAssertEqual(TextCleaner.clean("abcdef", maxLength: 3), "abc")
        XCTAssertEqual(TextCleaner.clean("ab cdef", maxLength: 3), "ab")
    }
}
