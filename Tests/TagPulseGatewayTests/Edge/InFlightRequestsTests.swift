import Testing

@testable import TagPulseGateway

/// An answer made within the call that decides it is let in uncounted only while no cap could refuse it: the
/// instance under its cap, and fewer requests in progress in the whole instance than one client may have.
@Suite("InFlightRequests")
struct InFlightRequestsTests {
    @Test func anAnswerWithinTheCallIsAdmittedWhileNoCapCouldRefuseIt() {
        let inFlight = InFlightRequests(maxInFlight: 8, maxPerClient: 2)
        #expect(inFlight.admitsAnswerWithinCall())
        #expect(inFlight.enter())
        #expect(inFlight.perClient.acquire("a"))
        #expect(inFlight.admitsAnswerWithinCall(), "one in progress: no client can have two")
        #expect(inFlight.enter())
        #expect(inFlight.perClient.acquire("b"))
        #expect(!inFlight.admitsAnswerWithinCall(), "two in progress: one client could be at its cap of two")
        inFlight.perClient.release("b")
        inFlight.leave()
        #expect(inFlight.admitsAnswerWithinCall())
    }

    @Test func theInstanceCapRefusesItToo() {
        let inFlight = InFlightRequests(maxInFlight: 1, maxPerClient: 4)
        #expect(inFlight.admitsAnswerWithinCall())
        #expect(inFlight.enter())
        #expect(!inFlight.admitsAnswerWithinCall())
        #expect(!inFlight.enter())
        inFlight.leave()
        #expect(inFlight.admitsAnswerWithinCall())
    }

    /// A client's slots: taken up to its cap, given back one by one, forgotten at zero; clients apart; a release with
    /// nothing taken changes nothing.
    @Test func eachClientHasItsOwnSlotsUpToItsCap() {
        let limiter = ClientInFlightLimiter(maxPerClient: 3)
        for _ in 0..<3 { #expect(limiter.acquire("a")) }
        #expect(!limiter.acquire("a"), "at its cap")
        #expect(limiter.acquire("b"))
        #expect(limiter.inFlight("a") == 3 && limiter.inFlight("b") == 1)
        limiter.release("a")
        #expect(limiter.inFlight("a") == 2)
        #expect(limiter.acquire("a"), "a slot given back is free again")
        for _ in 0..<3 { limiter.release("a") }
        #expect(limiter.inFlight("a") == 0)
        limiter.release("a")
        #expect(limiter.inFlight("a") == 0, "nothing taken, nothing given back")
        for _ in 0..<3 { #expect(limiter.acquire("a")) }
        #expect(limiter.inFlight("b") == 1)
    }
}
