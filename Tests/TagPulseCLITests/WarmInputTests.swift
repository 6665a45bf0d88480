import Foundation
import XCTest

@testable import TagPulseCLI

/// `tagpulse warm`'s input: targets or JSON items, one per line; comments and blank lines skipped.
final class WarmInputTests: XCTestCase {
    func failure(_ text: String, kind: String = "hashtag") -> CommandFailure? {
        do {
            _ = try WarmInput(text: text, kind: kind, maxPosts: nil, prompt: nil)
            return nil
        } catch {
            return error
        }
    }

    func testTargetsBecomeItemsOfTheKindWithTheOptionsAndLinesAreKept() throws {
        let text = """
            # spring campaign
            skincare

            #BookTok
              air fryer\t
            #
            """
        let input = try WarmInput(text: text, kind: "hashtag", maxPosts: 5, prompt: "What do people think about the price?")
        XCTAssertEqual(input.items.map(\.line), [2, 4, 5])
        XCTAssertEqual(
            input.items.map(\.json),
            [
                #"{"ai_analysis_prompt":"What do people think about the price?","hashtag":"skincare","kind":"hashtag","max_posts":5}"#,
                ##"{"ai_analysis_prompt":"What do people think about the price?","hashtag":"#BookTok","kind":"hashtag","max_posts":5}"##,
                #"{"ai_analysis_prompt":"What do people think about the price?","hashtag":"air fryer","kind":"hashtag","max_posts":5}"#,
            ]
        )
    }

    func testEachKindNamesItsTargetField() throws {
        XCTAssertEqual(
            try WarmInput(text: "@chefmarco", kind: "account", maxPosts: nil, prompt: nil).items.map(\.json),
            [#"{"kind":"account","username":"@chefmarco"}"#]
        )
        XCTAssertEqual(
            try WarmInput(text: "air fryer", kind: "search", maxPosts: nil, prompt: nil).items.map(\.json),
            [#"{"kind":"search","query":"air fryer"}"#]
        )
    }

    func testJSONLinesAreFullItemsWhoseMissingFieldsTheOptionsFill() throws {
        let text = """
            {"kind":"account","username":"chefmarco","max_posts":10}
            {"hashtag":"skincare","ai_analysis_prompt":"Is it worth the money?"}
            """
        let input = try WarmInput(text: text, kind: "hashtag", maxPosts: 3, prompt: "What do people think about the price?")
        XCTAssertEqual(
            input.items.map(\.json),
            [
                #"{"ai_analysis_prompt":"What do people think about the price?","kind":"account","max_posts":10,"username":"chefmarco"}"#,
                #"{"ai_analysis_prompt":"Is it worth the money?","hashtag":"skincare","kind":"hashtag","max_posts":3}"#,
            ]
        )
    }

    func testUnreadableInputIsAUsageErrorNamingTheLine() {
        XCTAssertEqual(
            self.failure("skincare\n{\"hashtag\": oops}"),
            .usage("line 2: not a JSON object (a line starting with '{' must hold one whole item)")
        )
        XCTAssertEqual(
            self.failure("# only a comment\n\n"),
            .usage("no targets in the input (one per line; blank lines and '# ' comments are skipped)")
        )
        XCTAssertEqual(self.failure("skincare", kind: "video"), .usage("--kind must be one of hashtag, account, search (got 'video')"))
    }

    func testTheBodyListsTheItemsAndTheConcurrency() throws {
        let input = try WarmInput(text: "@a\n@b", kind: "account", maxPosts: nil, prompt: nil)
        XCTAssertEqual(
            String(decoding: input.body(concurrency: 3), as: UTF8.self),
            #"{"items":[{"kind":"account","username":"@a"},{"kind":"account","username":"@b"}],"concurrency":3}"#
        )
        XCTAssertEqual(
            String(decoding: input.body(concurrency: nil), as: UTF8.self),
            #"{"items":[{"kind":"account","username":"@a"},{"kind":"account","username":"@b"}]}"#
        )
    }

    func testCommentsNeedASpaceAfterTheHash() {
        XCTAssertTrue(WarmInput.isComment("#"))
        XCTAssertTrue(WarmInput.isComment("# note"))
        XCTAssertTrue(WarmInput.isComment("#\tnote"))
        XCTAssertFalse(WarmInput.isComment("#skincare"))
        XCTAssertFalse(WarmInput.isComment("skincare # not a comment"))
    }
}
