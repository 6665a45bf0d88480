import TagPulseAccess
import XCTest

final class UsageDayTests: XCTestCase {
    func testDaysAreUTCCalendarDaysWithExactBoundaries() {
        XCTAssertEqual(UsageDay(unixMilliseconds: 0).description, "1970-01-01")
        XCTAssertEqual(UsageDay(unixMilliseconds: 86_399_999).description, "1970-01-01")
        XCTAssertEqual(UsageDay(unixMilliseconds: 86_400_000).description, "1970-01-02")
        XCTAssertEqual(UsageDay(unixMilliseconds: -1).description, "1969-12-31")
        // 2026-12-05T23:59:59.999Z and the next millisecond.
        XCTAssertEqual(UsageDay(unixMilliseconds: 1_796_515_199_999).description, "2026-12-05")
        XCTAssertEqual(UsageDay(unixMilliseconds: 1_796_515_200_000).description, "2026-12-06")
        XCTAssertEqual(UsageDay(unixMilliseconds: 1_796_515_200_000).compact, "20261206")
    }

    func testParsingAcceptsRealDatesOnly() {
        XCTAssertEqual(UsageDay(parsing: "2026-12-05")?.number, UsageDay(unixMilliseconds: 1_796_450_000_000).number)
        XCTAssertEqual(UsageDay(parsing: "2024-02-29")?.description, "2024-02-29")
        XCTAssertEqual(UsageDay(parsing: "2000-02-29")?.description, "2000-02-29")
        for bad in [
            "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-05", "20261205", "2026-12-05T00:00", "", "２０２６-12-05",
        ] {
            XCTAssertNil(UsageDay(parsing: bad), bad)
        }
    }

    func testEveryDayRoundTripsOverFourCenturies() {
        var day = UsageDay(parsing: "1900-01-01")!
        let end = UsageDay(parsing: "2300-01-01")!
        var previous = day
        while day < end {
            XCTAssertEqual(UsageDay(parsing: day.description), day)
            previous = day
            day = day.adding(days: 1)
        }
        XCTAssertEqual(previous.description, "2299-12-31")
        XCTAssertEqual(UsageDay(parsing: "2026-12-05")!.startSeconds, 1_796_428_800)
    }
}
