import Foundation
import TagPulseLocalAnalysis
import XCTest

@testable import TagPulseCLI

/// The prepared fragments of `ClassificationLine` print the JSON a plain formatter would.
final class ClassificationLineTests: XCTestCase {
    func line(_ c: TextClassification) -> String {
        var out: [UInt8] = []
        ClassificationLine().append(c, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The line as the command printed it before the fragments: each field formatted in turn.
    func plain(_ c: TextClassification) -> String {
        #"{"sentiment":"\#(c.sentiment.rawValue)","purchase_intent":"\#(c.purchaseIntent.rawValue)","theme":"\#(c.theme)","confidence":\#(c.confidence),"language":"\#(c.language)"}"#
            + "\n"
    }

    func testEveryCombinationOfLabelsMatchesThePlainFormatting() throws {
        var checked = 0
        for sentiment in Sentiment.allCases {
            for intent in PurchaseIntent.allCases {
                for theme in ThemeTaxonomy.labels {
                    for language in LocalAnalyzer.languageCodes {
                        let c = TextClassification(
                            sentiment: sentiment,
                            sentimentScore: 0,
                            purchaseIntent: intent,
                            theme: theme,
                            confidence: 0.537,
                            language: language
                        )
                        XCTAssertEqual(line(c), plain(c))
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 3 * 4 * 15 * 7)
    }

    func testConfidencesPrintAsSwiftPrintsThem() throws {
        for value in (0...1000).map({ Double($0) / 1000 }) + [0.1234, 1e-7, 0.3333333333333333] {
            let c = TextClassification(
                sentiment: .neutral,
                sentimentScore: 0,
                purchaseIntent: .none,
                theme: "other",
                confidence: value,
                language: "und"
            )
            XCTAssertEqual(line(c), plain(c))
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line(c).utf8)) as? [String: Any])
            XCTAssertEqual(object["confidence"] as? Double, value)
        }
    }

    func testAnUnknownThemeOrLanguageStillPrintsValidJSON() throws {
        let c = TextClassification(
            sentiment: .positive,
            sentimentScore: 0.5,
            purchaseIntent: .high,
            theme: "new theme",
            confidence: 0.5,
            language: "xx"
        )
        XCTAssertEqual(line(c), plain(c))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line(c).utf8)) as? [String: Any])
        XCTAssertEqual(object["theme"] as? String, "new theme")
        XCTAssertEqual(object["language"] as? String, "xx")
    }
}
