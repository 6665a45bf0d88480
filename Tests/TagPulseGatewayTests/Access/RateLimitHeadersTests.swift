import HTTPTypes
import NIOCore
import TagPulseAccess
import Testing

@testable import TagPulseGateway

/// The rate-limit fields: what a hit appends to its own fields is what the router adds, field for field, and adding
/// to a response that reports windows already extends its lists.
@Suite("RateLimitHeaders")
struct RateLimitHeadersTests {
    static let minute = RatePolicy(group: "requests", limit: 600, periodMilliseconds: 60_000)
    static let day = RatePolicy(group: "requests", limit: 10_000, periodMilliseconds: 86_400_000)

    static let decisions: [RateDecision] = [
        .unlimited,
        RateDecision(
            allowed: true,
            policies: [.init(policy: Self.minute, allowed: true, remaining: 599, resetMilliseconds: 100, retryAfterMilliseconds: 0)]
        ),
        RateDecision(
            allowed: false,
            policies: [
                .init(policy: Self.minute, allowed: false, remaining: 0, resetMilliseconds: 60_000, retryAfterMilliseconds: 1_500),
                .init(policy: Self.day, allowed: true, remaining: 42, resetMilliseconds: 3_600_000, retryAfterMilliseconds: 0),
            ]
        ),
        RateDecision(
            allowed: true,
            policies: [.init(policy: Self.day, allowed: true, remaining: 7, resetMilliseconds: 1, retryAfterMilliseconds: 0)],
            degradation: .local
        ),
    ]

    @Test(arguments: Self.decisions)
    func appendingToAHitsOwnFieldsGivesWhatAddingGives(_ decision: RateDecision) {
        var added = HTTPFields()
        added[.contentType] = "application/json"
        var appended = added
        RateLimitHeaders.add(decision, to: &added)
        RateLimitHeaders.append(decision, to: &appended)
        #expect(Array(appended) == Array(added))
    }

    @Test func theFieldsSayWhatTheDecisionSays() {
        var fields = HTTPFields()
        RateLimitHeaders.append(Self.decisions[2], to: &fields)
        #expect(fields[RateLimitHeaders.policy] == #""requests-60s";q=600;w=60, "requests-86400s";q=10000;w=86400"#)
        #expect(fields[RateLimitHeaders.rateLimit] == #""requests-60s";r=0;t=60, "requests-86400s";r=42;t=3600"#)
        #expect(fields[RateLimitHeaders.limit] == "600", "the violated window")
        #expect(fields[RateLimitHeaders.remaining] == "0")
        #expect(fields[RateLimitHeaders.reset] == "2", "its retry-after, rounded up")
        #expect(fields[RateLimitHeaders.degraded] == nil)
    }

    @Test func addingToAResponseThatReportsWindowsExtendsItsLists() {
        var fields = HTTPFields()
        RateLimitHeaders.append(Self.decisions[1], to: &fields)
        RateLimitHeaders.add(Self.decisions[3], to: &fields)
        #expect(fields[RateLimitHeaders.policy] == #""requests-60s";q=600;w=60, "requests-86400s";q=10000;w=86400"#)
        #expect(fields[RateLimitHeaders.remaining] == "7", "the tightest of the last decision added")
        #expect(fields[RateLimitHeaders.degraded] == "ratelimit=local")
        #expect(fields.count == 6)
    }

    @Test(arguments: Self.decisions)
    func theHitFrontsBytesAreTheFieldLinesOfTheSameValues(_ decision: RateDecision) {
        var expected = ""
        RateLimitHeaders.forEach(decision) { expected += $0.rawName + ": " + $1 + "\r\n" }
        var bytes = ByteBuffer()
        bytes.writeHTTP1(estimate: 1) { $0.writeRateLimitFields(decision) }
        #expect(String(buffer: bytes) == expected)
    }

    @Test func descriptionsFollowTheSetOfPoliciesAsItChanges() {
        // The last set is compared in place; a different set (and back) must never be given the other's description.
        // Two sets of the same size that differ only in their last window's limit, one after the other, too.
        let otherDay = RatePolicy(group: "requests", limit: 20_000, periodMilliseconds: 86_400_000)
        var lastDiffers = Self.decisions[2]
        lastDiffers.policies[1].policy = otherDay
        for decision in [
            Self.decisions[1], Self.decisions[2], Self.decisions[1], Self.decisions[3], Self.decisions[2], lastDiffers, Self.decisions[2],
        ] {
            let described = RateLimitHeaders.described(decision.policies)
            #expect(described.quotedNames == decision.policies.map { "\"" + $0.policy.name + "\"" })
            let expected = decision.policies.map { "\"\($0.policy.name)\";q=\($0.policy.limit);w=\($0.policy.windowSeconds)" }
            #expect(described.policyHeader == expected.joined(separator: ", "))
        }
    }
}
