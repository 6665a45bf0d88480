import Testing

@testable import TagPulseAccess

struct RatePolicyTests {
    @Test(arguments: [
        ("60/min", 60, 60_000, 60), ("5000/day", 5000, 86_400_000, 5000), ("10/30s", 10, 30_000, 10), ("100/min:20", 100, 60_000, 20),
        (" 7 / 2h ", 7, 7_200_000, 7), ("1/s", 1, 1000, 1), ("3/500ms", 3, 500, 3), ("100/1m", 100, 60_000, 100),
    ])
    func parses(text: String, limit: Int, period: Int, burst: Int) throws {
        let policy = try RatePolicy(group: "requests", parsing: text)
        #expect(policy.limit == limit)
        #expect(policy.periodMilliseconds == period)
        #expect(policy.burst == burst)
    }

    @Test(arguments: ["", "60", "/min", "0/min", "-1/min", "60/fortnight", "60/min:0", "60/min:61", "60/min:x", "a/min", "60/367d", "1/2/3"])
    func refuses(text: String) {
        #expect(throws: RatePolicy.ParseError.self) { try RatePolicy(group: "requests", parsing: text) }
    }

    @Test func listsAndNames() throws {
        let policies = try RatePolicy.list(group: "requests", parsing: "60/min, 5000/day")
        #expect(policies.map(\.name) == ["requests-60s", "requests-86400s"])
        #expect(try RatePolicy.list(group: "requests", parsing: " ").isEmpty)
        #expect(policies[0].windowSeconds == 60)
    }

    @Test func sharesAmongInstances() {
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000, burst: 30)
        #expect(policy.share(of: 1) == policy)
        #expect(policy.share(of: 3).limit == 33)
        #expect(policy.share(of: 3).burst == 10)
        #expect(policy.share(of: 500).limit == 1)
        #expect(policy.share(of: 500).burst == 1)
    }
}
