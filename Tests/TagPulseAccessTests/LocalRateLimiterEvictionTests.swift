import XCTest

@testable import TagPulseAccess

/// The `local` degraded mode's table is bounded by least-recently-used eviction (issue #15, item 13): a flood of new
/// subjects forgets the idle ones, never the active ones (it used to clear the whole table at its capacity).
final class LocalRateLimiterEvictionTests: XCTestCase {
    let policy = RatePolicy(group: "ip", limit: 2, periodMilliseconds: 60_000)
    let now: Int64 = 1_764_000_000_000_000

    func testAFloodOfNewSubjectsKeepsTheActiveOnesLimited() {
        let limiter = LocalRateLimiter(capacity: 100)
        for _ in 0..<2 {
            XCTAssertTrue(limiter.decide(keys: ["ip:victim"], policies: [self.policy], cost: 1, nowMicroseconds: self.now).allowed)
        }
        XCTAssertFalse(limiter.decide(keys: ["ip:victim"], policies: [self.policy], cost: 1, nowMicroseconds: self.now).allowed)
        for index in 0..<1000 {
            _ = limiter.decide(keys: ["ip:flood-\(index)"], policies: [self.policy], cost: 1, nowMicroseconds: self.now)
            if index % 50 == 0 {
                // The active subject keeps asking (and being refused): it stays recently used.
                XCTAssertFalse(
                    limiter.decide(keys: ["ip:victim"], policies: [self.policy], cost: 1, nowMicroseconds: self.now).allowed,
                    "after \(index) new subjects the exhausted subject is still limited"
                )
            }
        }
        XCTAssertLessThanOrEqual(limiter.count, 100, "the table stays within its capacity")
        XCTAssertTrue(limiter.isTracked("ip:victim"))
        XCTAssertFalse(limiter.isTracked("ip:flood-0"), "the least recently used subject was forgotten")
        XCTAssertTrue(limiter.isTracked("ip:flood-999"))
    }

    func testLRUTableEvictsTheLeastRecentlyUsed() {
        var table = LRUTable<String, Int>(capacity: 3)
        table.set("a", 1)
        table.set("b", 2)
        table.set("c", 3)
        XCTAssertEqual(table.get("a"), 1)
        let evicted = table.set("d", 4)
        XCTAssertEqual(evicted?.key, "b")
        XCTAssertEqual(table.keysByRecency, ["d", "a", "c"])
        XCTAssertEqual(table.remove("a"), 1)
        table.set("e", 5)
        table.set("f", 6)
        XCTAssertEqual(table.keysByRecency, ["f", "e", "d"])
        XCTAssertNil(table.peek("c"))
        table.removeAll()
        XCTAssertEqual(table.count, 0)
        table.set("g", 7)
        XCTAssertEqual(table.keysByRecency, ["g"])
    }
}
