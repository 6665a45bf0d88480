import XCTest

@testable import TagPulseCLI

/// What `tagpulse warm` prints: the progress bar, the plain lines, the summary, and how refusals read.
final class WarmOutputTests: XCTestCase {
    func item(_ index: Int, _ status: String, _ target: String, error: (String, String)? = nil) -> WarmJobReport.Item {
        WarmJobReport.Item(index: index, kind: "hashtag", target: target, status: status, error: error.map { .init(code: $0.0, detail: $0.1) })
    }

    func report(status: String = "running", _ items: [WarmJobReport.Item]) -> WarmJobReport {
        let count = { (name: String) in items.count { $0.status == name } }
        return WarmJobReport(
            jobID: "wj_0123456789abcdefghijKL",
            status: status,
            total: items.count,
            completed: count("warmed") + count("fresh") + count("failed"),
            warmed: count("warmed"),
            fresh: count("fresh"),
            failed: count("failed"),
            items: items
        )
    }

    func testTheBarFillsWithCompletedItems() {
        let items = (0..<50).map { index in
            self.item(index, index < 20 ? "warmed" : index < 22 ? "fresh" : index == 22 ? "failed" : "pending", "t\(index)")
        }
        XCTAssertEqual(WarmProgress.bar(self.report(items), width: 20), "[#########...........]")
        XCTAssertEqual(WarmProgress.bar(self.report([self.item(0, "pending", "a")]), width: 20), "[....................]")
        XCTAssertEqual(WarmProgress.bar(self.report([self.item(0, "fresh", "a")]), width: 10), "[##########]")
    }

    /// Elapsed time, an estimate of what is left, the item being warmed, and the whole line fitted to the terminal.
    func testTheTerminalLineShowsTimeETAAndTheCurrentItemWithinTheWidth() {
        let start = ContinuousClock.now
        var progress = WarmProgress(started: start)
        let first = self.report([self.item(0, "running", "skincare"), self.item(1, "pending", "b"), self.item(2, "pending", "c")])
        let opening = progress.line(first, now: start, columns: 80)
        XCTAssertTrue(opening.hasSuffix("] 0/3 warmed 0 fresh 0 failed 0 · 0s · skincare"), opening)
        XCTAssertFalse(opening.contains("ETA"), "no estimate before an item finished")
        let later = self.report([self.item(0, "warmed", "skincare"), self.item(1, "running", "booktok"), self.item(2, "pending", "c")])
        let line = progress.line(later, now: start + .seconds(65), columns: 120)
        XCTAssertTrue(line.hasSuffix("1/3 warmed 1 fresh 0 failed 0 · 1m05s · ETA 2m10s · booktok"), line)
        XCTAssertTrue(line.hasPrefix("[#"), line)
        for columns in [30, 50, 80, 200] {
            let fitted = progress.line(later, now: start + .seconds(65), columns: columns)
            XCTAssertLessThan(fitted.count, columns, "\(columns): \(fitted)")
        }
        let wide = progress.line(later, now: start + .seconds(65), columns: 200)
        XCTAssertTrue(wide.hasPrefix("[" + String(repeating: "#", count: WarmProgress.maximumBarWidth / 3)), wide)
        XCTAssertTrue(progress.terminalLine(later, columns: 80).hasPrefix("\r[") && progress.terminalLine(later, columns: 80).hasSuffix("\u{1B}[K"))
        XCTAssertEqual(WarmProgress.duration(3725), "1h02m")
        XCTAssertNil(WarmProgress.eta(completed: 0, total: 3, completedAtStart: 0, elapsedSeconds: 5))
        XCTAssertEqual(WarmProgress.eta(completed: 2, total: 4, completedAtStart: 0, elapsedSeconds: 10), 10)
    }

    func testPlainLinesReportEachFinishedItemOnceInOrder() {
        var progress = WarmProgress()
        let first = self.report([self.item(0, "running", "a"), self.item(1, "warmed", "b"), self.item(2, "pending", "c")])
        XCTAssertEqual(progress.newlyFinished(first), ["warmed  hashtag b"])
        let second = self.report([
            self.item(0, "fresh", "a"), self.item(1, "warmed", "b"), self.item(2, "failed", "c\u{1B}[2J", error: ("TARGET_NOT_FOUND", "no videos")),
        ])
        XCTAssertEqual(progress.newlyFinished(second), ["fresh   hashtag a", "failed  hashtag c?[2J: TARGET_NOT_FOUND (no videos)"])
        XCTAssertEqual(progress.newlyFinished(second), [])
    }

    func testTheSummaryCountsAndListsEveryFailureByInputLine() {
        let done = self.report(
            status: "done",
            [self.item(0, "warmed", "a"), self.item(1, "fresh", "b"), self.item(2, "failed", "nosuchtag", error: ("TARGET_NOT_FOUND", "no videos"))]
        )
        XCTAssertEqual(
            WarmSummary.text(done, lines: [1, 3, 7]),
            """
            job wj_0123456789abcdefghijKL done: 3 items, 1 warmed, 1 already fresh, 1 failed
            failed:
              line 7: hashtag nosuchtag: TARGET_NOT_FOUND (no videos)
            """
        )
        XCTAssertEqual(WarmSummary.exitStatus(done), 1)
        let clean = self.report(status: "done", [self.item(0, "warmed", "a"), self.item(1, "fresh", "b")])
        XCTAssertEqual(WarmSummary.text(clean, lines: [1, 2]), "job wj_0123456789abcdefghijKL done: 2 items, 1 warmed, 1 already fresh, 0 failed")
        XCTAssertEqual(WarmSummary.exitStatus(clean), 0)
        let stalled = self.report(status: "stalled", [self.item(0, "warmed", "a"), self.item(1, "running", "b")])
        XCTAssertEqual(
            WarmSummary.text(stalled, lines: [1, 2]),
            """
            job wj_0123456789abcdefghijKL stalled: 2 items, 1 warmed, 0 already fresh, 0 failed
            the gateway instance running the job stopped before finishing it: 1 items not warmed yet; another instance \
            resumes it within warm.stall_after_ms: tagpulse warm --attach wj_0123456789abcdefghijKL
            """
        )
        XCTAssertEqual(WarmSummary.exitStatus(stalled), 1)
    }

    func testRefusedItemsAreNamedByTheirInputLines() {
        let lines = [2, 5, 9]
        XCTAssertEqual(
            WarmGateway.describe(.init(field: "items[2].hashtag", message: "must contain only letters"), lines: lines),
            "line 9: hashtag must contain only letters"
        )
        XCTAssertEqual(
            WarmGateway.describe(.init(field: "items[0].ai_analysis_prompt", message: "is required"), lines: lines),
            "line 2: ai_analysis_prompt is required (pass --prompt, or put it in the line's JSON)"
        )
        XCTAssertEqual(
            WarmGateway.describe(.init(field: "items[1]", message: "must be an object, not string"), lines: lines),
            "line 5: must be an object, not string"
        )
        XCTAssertEqual(
            WarmGateway.describe(.init(field: "items", message: "must hold 1 to 1000 items"), lines: lines),
            "items must hold 1 to 1000 items"
        )
    }
}
