import TagPulseAccess
import XCTest

@testable import TagPulseCLI

/// `tagpulse usage`'s options, checked before anything reaches Redis, and what it prints.
final class UsageCommandTests: XCTestCase {
    let today = UsageDay(parsing: "2026-12-05")!

    func selection(_ arguments: [String]) throws -> UsageCommand.Selection {
        try UsageCommand.parse(arguments).selection(today: self.today)
    }

    func message(_ arguments: [String]) -> String? {
        do {
            _ = try self.selection(arguments)
            XCTFail("expected \(arguments) to be refused")
            return nil
        } catch let failure as CommandFailure {
            XCTAssertEqual(failure.status, .usage)
            return failure.message
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testDefaultsAndOptions() throws {
        XCTAssertEqual(
            try self.selection([]),
            .init(client: nil, from: UsageDay(parsing: "2026-11-29")!, to: self.today, group: .day)
        )
        XCTAssertEqual(
            try self.selection(["--client", "acme", "--from", "2026-12-01", "--to", "2026-12-03", "--group", "key", "--csv"]),
            .init(client: "acme", from: UsageDay(parsing: "2026-12-01")!, to: UsageDay(parsing: "2026-12-03")!, group: .key)
        )
    }

    func testRefusalsNameTheOptions() {
        XCTAssertEqual(self.message(["--from", "2026-02-30"]), "--from must be a date YYYY-MM-DD")
        XCTAssertEqual(self.message(["--from", "2026-12-06"]), "--from must not be after --to")
        XCTAssertEqual(self.message(["--from", "2024-01-01"]), "the range covers at most 366 days")
        XCTAssertEqual(self.message(["--group", "month"]), "--group must be day or key")
        XCTAssertEqual(self.message(["--json", "--csv"]), "give at most one of --json and --csv")
        XCTAssertEqual(self.message(["--client", "a b"]), "--client must be 1–64 characters of a–z A–Z 0–9 . _ -")
    }

    func testTheTableAndCSVShowEveryRowTotalsAndSavings() {
        var acme = UsageCounts()
        acme.requests = 12
        acme.hitsFresh = 9
        acme.engineCalls = 3
        acme.upstreamCalls = 30
        let report = UsageReport(
            rows: [UsageRow(day: self.today, client: "acme", key: "k1", counts: acme)],
            from: self.today,
            to: self.today,
            group: .day,
            client: nil
        )
        let table = UsageTable.render(report)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("DAY         CLIENT  REQUESTS"), table)
        XCTAssertTrue(lines[1].hasPrefix("2026-12-05  acme"), table)
        XCTAssertTrue(lines[2].hasPrefix("TOTAL"), table)
        XCTAssertTrue(table.contains("acme: 90 upstream calls, 0 OpenAI tokens"), table)
        XCTAssertEqual(
            UsageTable.csv(report),
            """
            day,client,key,requests,hits_fresh,hits_stale,engine_calls,refused,bytes_out,upstream_calls,openai_prompt_tokens,openai_completion_tokens
            2026-12-05,acme,,12,9,0,3,0,0,30,0,0

            """
        )
    }
}
