import XCTest

@testable import TagPulseCLI

final class KeyDurationTests: XCTestCase {
    func testUnitsAndPlainSeconds() {
        XCTAssertEqual(KeyDuration.seconds(parsing: "90s"), 90)
        XCTAssertEqual(KeyDuration.seconds(parsing: "15m"), 900)
        XCTAssertEqual(KeyDuration.seconds(parsing: "2h"), 7200)
        XCTAssertEqual(KeyDuration.seconds(parsing: "1d"), 86_400)
        XCTAssertEqual(KeyDuration.seconds(parsing: "30d"), 2_592_000)
        XCTAssertEqual(KeyDuration.seconds(parsing: "3600"), 3600)
        XCTAssertEqual(KeyDuration.seconds(parsing: "0"), 0)
        XCTAssertEqual(KeyDuration.seconds(parsing: "0s"), 0)
        XCTAssertEqual(KeyDuration.seconds(parsing: " 5m "), 300)
    }

    func testRefusesEverythingElse() {
        for text in ["", "s", "d", "-5s", "+5s", "1.5h", "1w", "1h30m", "5 m", "1D", "ten", "99999999999999d", "0x10", "١٢"] {
            XCTAssertNil(KeyDuration.seconds(parsing: text), text)
        }
    }

    func testRangeAndMessagesNameTheOption() {
        XCTAssertEqual(try KeyDuration.seconds(option: "--overlap", "0", range: 0...2_592_000), 0)
        XCTAssertThrowsError(try KeyDuration.seconds(option: "--overlap", "31d", range: 0...2_592_000)) { error in
            let failure = error as? CommandFailure
            XCTAssertEqual(failure?.status, .usage)
            XCTAssertEqual(failure?.message, "--overlap: must be from 0s to 30d (got 31d)")
        }
        XCTAssertThrowsError(try KeyDuration.seconds(option: "--expires-in", "soon", range: 60...600)) { error in
            XCTAssertEqual(
                (error as? CommandFailure)?.message,
                "--expires-in: 'soon' is not a duration; use e.g. 90s, 15m, 2h, 1d or plain seconds"
            )
        }
    }

    func testTextUsesTheLargestWholeUnit() {
        XCTAssertEqual(KeyDuration.text(0), "0s")
        XCTAssertEqual(KeyDuration.text(45), "45s")
        XCTAssertEqual(KeyDuration.text(90), "90s")
        XCTAssertEqual(KeyDuration.text(5400), "90m")
        XCTAssertEqual(KeyDuration.text(7200), "2h")
        XCTAssertEqual(KeyDuration.text(86_400), "1d")
    }
}
