import Testing

@testable import TagPulseResilience

/// The counting limit shared by the engine's admission, the gateway's in-flight cap and its hot-body descriptors.
@Suite("CountingLimit")
struct CountingLimitTests {
    @Test func takesUpToItsLimitAndAgainOnceGivenBack() {
        let limit = CountingLimit(limit: 2)
        #expect(limit.take())
        #expect(limit.take())
        #expect(!limit.take(), "at the limit nothing more is taken")
        #expect(limit.current == 2, "a refused take leaves the count as it was")
        limit.give()
        #expect(limit.current == 1)
        #expect(limit.take())
        #expect(!limit.take())
    }

    @Test func aZeroLimitTakesNothing() {
        let limit = CountingLimit(limit: 0)
        #expect(!limit.take())
        #expect(limit.current == 0)
    }

    @Test func racingTakersGetExactlyTheLimit() async {
        let limit = CountingLimit(limit: 3)
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { limit.take() } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 3)
        #expect(limit.current == 3)
    }

    /// Many threads taking and giving back at once: the count never exceeds the limit, and ends at zero.
    @Test func theCountNeverPassesTheLimitUnderContention() async {
        let limit = CountingLimit(limit: 4)
        let overshoots = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var seen = 0
                    for _ in 0..<5_000 where limit.take() {
                        if limit.current > limit.limit { seen += 1 }
                        limit.give()
                    }
                    return seen
                }
            }
            return await group.reduce(0, +)
        }
        #expect(overshoots == 0)
        #expect(limit.current == 0)
    }
}
