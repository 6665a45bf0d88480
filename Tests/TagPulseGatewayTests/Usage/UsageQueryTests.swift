import TagPulseAccess
import XCTest

@testable import TagPulseGateway

final class UsageQueryTests: XCTestCase {
    let admin = AuthenticatedKey(id: "kadmin000000", client: "ops", tier: "internal", scopes: [.admin])
    let reader = AuthenticatedKey(id: "kglobex00000", client: "globex", tier: "standard", scopes: [.analyze, .usage])
    let today = UsageDay(parsing: "2026-12-05")!

    func parse(_ parameters: [String: String], caller: AuthenticatedKey? = nil) throws(APIError) -> UsageQuery {
        try UsageQuery.parse(parameters, caller: caller ?? self.admin, today: self.today)
    }

    func code(_ parameters: [String: String], caller: AuthenticatedKey? = nil) -> String? {
        do {
            _ = try self.parse(parameters, caller: caller)
            return nil
        } catch {
            return error.code.rawValue
        }
    }

    func testDefaultsAreTheLastSevenDaysOfEveryClientForAdmin() throws {
        let query = try self.parse([:])
        XCTAssertEqual(query, UsageQuery(client: nil, from: UsageDay(parsing: "2026-11-29")!, to: self.today, group: .day))
        let explicit = try self.parse(["client": "acme", "from": "2026-01-01", "to": "2026-01-31", "group": "key"])
        XCTAssertEqual(
            explicit,
            UsageQuery(client: "acme", from: UsageDay(parsing: "2026-01-01")!, to: UsageDay(parsing: "2026-01-31")!, group: .key)
        )
        XCTAssertEqual(try self.parse(["from": "2025-12-05"]).to, self.today, "366 days, both ends included")
    }

    func testBadDatesRangesAndParametersHaveStableCodes() {
        XCTAssertEqual(self.code(["from": "2026-02-30"]), "USAGE_INVALID_DATE")
        XCTAssertEqual(self.code(["to": "yesterday"]), "USAGE_INVALID_DATE")
        XCTAssertEqual(self.code(["from": "2026-12-06", "to": "2026-12-05"]), "USAGE_RANGE_INVERTED")
        XCTAssertEqual(self.code(["from": "2025-12-04"]), "USAGE_RANGE_TOO_LONG")
        XCTAssertEqual(self.code(["group": "month"]), "USAGE_INVALID_PARAMETER")
        XCTAssertEqual(self.code(["client": "a{b}"]), "USAGE_INVALID_PARAMETER")
    }

    func testAUsageKeyReadsItsOwnClientOnly() throws {
        XCTAssertEqual(try self.parse([:], caller: self.reader).client, "globex")
        XCTAssertEqual(try self.parse(["client": "globex"], caller: self.reader).client, "globex")
        XCTAssertEqual(self.code(["client": "acme"], caller: self.reader), "USAGE_FORBIDDEN")
        XCTAssertEqual(try self.parse(["client": "acme"]).client, "acme", "admin reads any client")
    }

    func testCacheStatusValuesAreClassifiedAsTheREADMESays() {
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; hit; ttl=893"), .fresh)
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; hit; ttl=900; collapsed"), .fresh)
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; hit; ttl=-40; detail=stale-while-revalidate"), .stale)
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; fwd=stale; fwd-status=503; ttl=-4000; detail=stale-if-error"), .stale)
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; fwd=uri-miss; fwd-status=200; stored"), .none)
        XCTAssertEqual(UsageRecorder.hitKind("TagPulse; fwd=request; fwd-status=200; stored"), .none)
    }
}
