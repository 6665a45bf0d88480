import MetricsTestKit
import Synchronization
import TagPulseAccess
import XCTest

final class UsageRecorderTests: XCTestCase, @unchecked Sendable {
    let acme = UsageAccount(client: "acme", key: "k1")
    let acmeOther = UsageAccount(client: "acme", key: "k2")

    func counts(requests: Int64 = 0, hits: Int64 = 0, bytes: Int64 = 0) -> UsageCounts {
        var counts = UsageCounts()
        counts.requests = requests
        counts.hitsFresh = hits
        counts.bytesOut = bytes
        return counts
    }

    func testChangesAddUpPerAccountAndDay() {
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: { 1_796_450_000_000 })
        for _ in 0..<1000 { recorder.add(self.counts(requests: 1, hits: 1, bytes: 10), to: self.acme) }
        recorder.add(self.counts(requests: 1), to: self.acmeOther)
        let today = UsageDay(parsing: "2026-12-05")!
        let pending = recorder.pending
        XCTAssertEqual(pending.count, 2)
        XCTAssertEqual(pending[UsageBucket(account: self.acme, day: today)], self.counts(requests: 1000, hits: 1000, bytes: 10_000))
        XCTAssertEqual(pending[UsageBucket(account: self.acmeOther, day: today)]?.requests, 1)
    }

    /// Runs of one account, switches between accounts, new buckets that grow the table (moving what an index points
    /// at) and a take in between: every change lands in its own bucket.
    func testRunsSwitchesGrowthAndTakesAllLandInTheirBuckets() {
        let recorder = UsageRecorder(maxBuckets: 1000, nowMilliseconds: { 0 })
        let day = UsageDay(number: 0)
        var expected: [UsageBucket: Int64] = [:]
        for round in 0..<200 {
            let account = round % 7 == 0 ? UsageAccount(client: "c\(round)", key: "k") : (round % 2 == 0 ? self.acme : self.acmeOther)
            for _ in 0..<(round % 3 + 1) {
                recorder.add(self.counts(requests: 1), to: account)
                expected[UsageBucket(account: account, day: day), default: 0] += 1
            }
            if round == 100 {
                let batch = recorder.take()
                XCTAssertEqual(batch.mapValues(\.requests), expected)
                expected = [:]
            }
        }
        XCTAssertEqual(recorder.pending.mapValues(\.requests), expected)
    }

    func testTheInjectedClockDecidesTheDayBucket() {
        let now = Atomic<Int64>(1_796_515_199_999)  // 2026-12-05T23:59:59.999Z
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: { now.load(ordering: .relaxed) })
        recorder.add(self.counts(requests: 1), to: self.acme)
        now.store(1_796_515_200_000, ordering: .relaxed)
        recorder.add(self.counts(requests: 2), to: self.acme)
        let batch = recorder.take()
        XCTAssertEqual(batch[UsageBucket(account: self.acme, day: UsageDay(parsing: "2026-12-05")!)]?.requests, 1)
        XCTAssertEqual(batch[UsageBucket(account: self.acme, day: UsageDay(parsing: "2026-12-06")!)]?.requests, 2)
        XCTAssertTrue(recorder.pending.isEmpty, "take empties the recorder")
    }

    func testTheBoundDropsOnlyNewBucketsAndCountsWhatItDropped() {
        let metrics = TestMetrics()
        let recorder = UsageRecorder(maxBuckets: 2, nowMilliseconds: { 0 }, metrics: metrics)
        recorder.add(self.counts(requests: 1), to: self.acme)
        recorder.add(self.counts(requests: 1), to: self.acmeOther)
        let third = UsageAccount(client: "globex", key: "k3")
        recorder.add(self.counts(requests: 1), to: third)
        recorder.add(self.counts(requests: 1), to: third)
        // Buckets already held keep counting.
        recorder.add(self.counts(requests: 5), to: self.acme)
        XCTAssertEqual(recorder.pending.count, 2)
        XCTAssertEqual(recorder.pending[UsageBucket(account: self.acme, day: UsageDay(number: 0))]?.requests, 6)
        XCTAssertEqual(recorder.dropped, 2)
        XCTAssertEqual(metrics.counterTotal(label: "tagpulse_usage_dropped_total"), 2)
    }

    func testARestoredBatchMergesWithWhatWasCountedMeanwhile() {
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: { 0 })
        recorder.add(self.counts(requests: 3), to: self.acme)
        let batch = recorder.take()
        recorder.add(self.counts(requests: 4), to: self.acme)
        recorder.restore(batch)
        XCTAssertEqual(recorder.pending[UsageBucket(account: self.acme, day: UsageDay(number: 0))]?.requests, 7)
    }

    func testConcurrentChangesAreAllCounted() async {
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: { 0 })
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<5000 {
                        recorder.add(self.counts(requests: 1), to: index % 2 == 0 ? self.acme : self.acmeOther)
                        if task == 0, index % 1000 == 0 { recorder.restore(recorder.take()) }
                    }
                }
            }
        }
        XCTAssertEqual(recorder.pending.values.reduce(0) { $0 + $1.requests }, 40_000)
    }
}
