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
}
