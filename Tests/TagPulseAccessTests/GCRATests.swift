import Testing

@testable import TagPulseAccess

/// The Swift GCRA (used for the `local` mode) on a fixed clock: no sleeping.
struct GCRATests {
    let start = 1_764_000_000_000_000.0

    func run(_ policy: RatePolicy, times: [Double], cost: Int = 1) -> [RateDecision.PolicyState] {
        var tat: Double?
        var states: [RateDecision.PolicyState] = []
        for now in times {
            let outcome = GCRA.evaluate(tat: tat, now: now, policy: policy, cost: cost)
            if outcome.state.allowed { tat = outcome.newTAT }
            states.append(outcome.state)
        }
        return states
    }

    @Test func aBurstAdmitsExactlyTheLimit() {
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)
        let states = self.run(policy, times: Array(repeating: self.start, count: 2000))
        #expect(states.filter(\.allowed).count == 100)
        #expect(states[99].remaining == 0)
        #expect(states[0].remaining == 99)
        // The 101st waits exactly one emission interval: 600 ms.
        #expect(states[100].retryAfterMilliseconds == 600)
        #expect(states[100].resetMilliseconds == 60_000)
    }

    @Test func refillsEvenlyWithNoBurstAtAWindowEdge() {
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)
        // Exhaust the burst, then hammer every 10 ms for two minutes, across what a fixed window would call its
        // edges (t = 60 s, 120 s).
        var times = Array(repeating: self.start, count: 100)
        for step in stride(from: 10.0, through: 120_000.0, by: 10.0) { times.append(self.start + step * 1000) }
        let states = self.run(policy, times: times)
        let admitted = zip(times, states).filter { $0.1.allowed }.map { ($0.0 - self.start) / 1000 }
        #expect(admitted.count == 100 + 200)
        // Any 2 s around an edge admits what 2 s of refill allows (at 600 ms per request), never a fresh burst.
        for edge in [60_000.0, 120_000.0] {
            let nearEdge = admitted.filter { $0 > edge - 2000 && $0 <= edge }.count
            #expect((3...4).contains(nearEdge))
        }
    }

    @Test func deniedRequestsConsumeNothing() {
        let policy = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 1000)
        var times = Array(repeating: self.start, count: 10)
        times += Array(repeating: self.start + 50_000, count: 500)  // all denied at t = 50 ms
        times.append(self.start + 100_000)  // one interval after the start: exactly one fits
        times.append(self.start + 100_000)
        let states = self.run(policy, times: times)
        #expect(states[10..<510].allSatisfy { !$0.allowed })
        #expect(states[10].retryAfterMilliseconds == 50)
        #expect(states[510].allowed)
        #expect(!states[511].allowed)
    }

    @Test func burstSmallerThanLimit() {
        let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000, burst: 10)
        let states = self.run(policy, times: Array(repeating: self.start, count: 50))
        #expect(states.filter(\.allowed).count == 10)
    }

    @Test func refundGivesBackOneCharge() {
        let policy = RatePolicy(group: "requests", limit: 3, periodMilliseconds: 3000)
        let charged = GCRA.evaluate(tat: nil, now: self.start, policy: policy, cost: 1)
        #expect(charged.state.remaining == 2)
        let refunded = GCRA.evaluate(tat: charged.newTAT, now: self.start, policy: policy, cost: -1)
        #expect(refunded.state.remaining == 3)
        #expect(refunded.newTAT == self.start)
        // A refund never goes past full.
        #expect(GCRA.evaluate(tat: nil, now: self.start, policy: policy, cost: -1).newTAT == self.start)
    }

    @Test func fractionalIntervalsStayExact() {
        // 3 per second: 333,333.3 µs per request.
        let policy = RatePolicy(group: "requests", limit: 3, periodMilliseconds: 1000)
        let states = self.run(policy, times: Array(repeating: self.start, count: 4) + [self.start + 333_334, self.start + 333_334])
        #expect(states.map(\.allowed) == [true, true, true, false, true, false])
        #expect(states[3].retryAfterMilliseconds == 334)
    }
}
