import Foundation
import TagPulseAccess
import XCTest

final class UsageReportTests: XCTestCase {
    let day1 = UsageDay(parsing: "2026-12-04")!
    let day2 = UsageDay(parsing: "2026-12-05")!

    func counts(requests: Int64, hits: Int64 = 0, stale: Int64 = 0, engine: Int64 = 0, upstream: Int64 = 0, prompt: Int64 = 0, completion: Int64 = 0)
        -> UsageCounts
    {
        var counts = UsageCounts()
        counts.requests = requests
        counts.hitsFresh = hits
        counts.hitsStale = stale
        counts.engineCalls = engine
        counts.upstreamCalls = upstream
        counts.openAIPromptTokens = prompt
        counts.openAICompletionTokens = completion
        return counts
    }

    var rows: [UsageRow] {
        [
            UsageRow(day: self.day2, client: "acme", key: "k2", counts: self.counts(requests: 5, hits: 5)),
            UsageRow(
                day: self.day1,
                client: "acme",
                key: "k1",
                counts: self.counts(requests: 10, hits: 6, stale: 2, engine: 2, upstream: 8, prompt: 300, completion: 100)
            ),
            UsageRow(day: self.day2, client: "acme", key: "k1", counts: self.counts(requests: 3, hits: 3)),
            UsageRow(day: self.day2, client: "globex", key: "k9", counts: self.counts(requests: 4, hits: 4)),
            UsageRow(
                day: self.day2,
                client: "_refresh",
                key: "-",
                counts: self.counts(requests: 0, engine: 2, upstream: 2, prompt: 100, completion: 100)
            ),
        ]
    }

    func testRowsPerDayAddTheKeysOfAClientAndTotalsAddEverything() {
        let report = UsageReport(rows: self.rows, from: self.day1, to: self.day2, group: .day, client: nil)
        XCTAssertEqual(
            report.rows.map { "\($0.day!) \($0.client!) \($0.counts.requests)" },
            [
                "2026-12-04 acme 10", "2026-12-05 _refresh 0", "2026-12-05 acme 8", "2026-12-05 globex 4",
            ]
        )
        XCTAssertEqual(report.totals.counts.requests, 22)
        XCTAssertEqual(report.totals.counts.engineCalls, 4)
        XCTAssertEqual(report.clients.map(\.client), ["_refresh", "acme", "globex"])
    }

    func testRowsPerKeyCoverTheWholeRange() {
        let report = UsageReport(rows: self.rows, from: self.day1, to: self.day2, group: .key, client: nil)
        XCTAssertEqual(
            report.rows.map { "\($0.client!) \($0.key!) \($0.counts.requests)" },
            [
                "_refresh - 0", "acme k1 13", "acme k2 5", "globex k9 4",
            ]
        )
        XCTAssertNil(report.rows[0].day)
    }

    func testSavingsAreHitsTimesTheClientsAverageCostOfAMiss() {
        let report = UsageReport(rows: self.rows, from: self.day1, to: self.day2, group: .day, client: nil)
        let acme = report.clients.first { $0.client == "acme" }!
        // acme: 16 hits (6 + 2 stale + 3 + 5), 2 engine calls costing 8 upstream calls and 400 tokens: 4 and 200 each.
        XCTAssertEqual(acme.savings, UsageReport.Savings(upstreamCalls: 64, openAITokens: 3200))
        // globex never missed: priced at the report's average (4 engine calls, 10 upstream calls, 600 tokens).
        let globex = report.clients.first { $0.client == "globex" }!
        XCTAssertEqual(globex.savings, UsageReport.Savings(upstreamCalls: 10, openAITokens: 600))
        XCTAssertEqual(report.totals.savings, UsageReport.Savings(upstreamCalls: 74, openAITokens: 3800))
    }

    func testTheJSONNamesEveryFigure() throws {
        let report = UsageReport(rows: self.rows, from: self.day1, to: self.day2, group: .day, client: "acme")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        XCTAssertEqual(object["from"] as? String, "2026-12-04")
        XCTAssertEqual(object["group"] as? String, "day")
        XCTAssertEqual(object["client"] as? String, "acme")
        let totals = try XCTUnwrap(object["totals"] as? [String: Any])
        XCTAssertEqual(
            Set(totals.keys),
            Set(UsageCounter.allCases.map(\.rawValue) + ["saved_upstream_calls", "saved_openai_tokens"])
        )
        let row = try XCTUnwrap((object["rows"] as? [[String: Any]])?.first)
        XCTAssertEqual(row["day"] as? String, "2026-12-04")
        XCTAssertNil(row["saved_upstream_calls"], "savings are per client and in the totals, not per row")
    }
}
