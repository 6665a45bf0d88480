import Foundation
import XCTest

@testable import TagPulseCLI

/// `tagpulse relevance`: one JSON object per `prompt<TAB>text` line, in order, with what the prompt was read as.
final class RelevanceLinesTests: XCTestCase {
    func objects(_ input: String) throws -> [[String: Any]] {
        try RelevanceLines.run(input).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testScoresEachPairInOrder() throws {
        let out = try self.objects(
            "What do people think about the price?\tnot worth the money at all\n"
                + "What do people think about the price?\tlove your videos!!\n"
                + "¿Se quejan del envío?\tLieferung hat 5 Wochen gedauert\n"
        )
        XCTAssertEqual(out.count, 3)
        XCTAssertEqual(out[0]["relevant"] as? Bool, true)
        XCTAssertEqual(out[0]["aspects"] as? [String], ["price"])
        XCTAssertEqual(out[1]["relevant"] as? Bool, false)
        XCTAssertEqual(out[1]["relevance"] as? Double, 0)
        XCTAssertEqual(out[2]["relevant"] as? Bool, true)
        XCTAssertEqual(out[2]["aspects"] as? [String], ["delivery"])
    }

    func testALineWithoutAPromptKeepsNothing() throws {
        let out = try self.objects("just a text\n")
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(out[0]["relevant"] as? Bool, false)
    }
}
