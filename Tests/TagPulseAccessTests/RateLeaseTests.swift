import NIOCore
import NIOEmbedded
import Testing

@testable import TagPulseAccess

/// One subject's slice (leased mode) as pure state: every transition without Redis or a clock.
@Suite("RateLease")
struct RateLeaseTests {
    let policy = RatePolicy(group: "requests", limit: 100, periodMilliseconds: 60_000)
    let loop = EmbeddedEventLoop()

    func slice(_ granted: Int, remaining: Int = 50, retry: Int = 0) -> RateLease.Slice {
        .init(
            granted: granted,
            states: [.init(policy: self.policy, allowed: granted > 0, remaining: remaining, resetMilliseconds: 1000, retryAfterMilliseconds: retry)]
        )
    }

    /// Queues one request and, if that starts a refill, returns it.
    func wait(_ lease: inout RateLease, now: Int64, maximumSlice: Int = 64) -> (EventLoopPromise<RateDecision>, RateLease.Refill?) {
        let promise = self.loop.makePromise(of: RateDecision.self)
        return (promise, lease.wait(promise, now: now, maximumSlice: maximumSlice))
    }

    @Test func anEmptyLeaseAsksRedisAndAdmitsFromTheSliceAfterwards() {
        var lease = RateLease(policies: [self.policy])
        #expect(lease.decideFromMemory(now: 0) == nil)
        let (first, refill) = self.wait(&lease, now: 0)
        #expect(refill == RateLease.Refill(want: 1, returned: 0))
        let (_, second) = self.wait(&lease, now: 0)
        #expect(second == nil, "one refill at a time; the second request waits for it")
        let settled = lease.settle(self.slice(2), asked: .init(want: 2, returned: 0), now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64).settled
        #expect(settled.count == 2)
        #expect(settled.allSatisfy { $0.1?.allowed == true })
        #expect(settled.first?.0.futureResult === first.futureResult)
        #expect(lease.decideFromMemory(now: 10) == nil, "both units went to the waiters")
        for (promise, _) in settled { promise.succeed(.unlimited) }
    }

    @Test func aSliceSpentInTimeDoublesTheNextUpToTheMaximum() {
        var lease = RateLease(policies: [self.policy])
        var want: [Int] = []
        for round in 0..<5 {
            let now = Int64(round * 100)
            let (promise, refill) = self.wait(&lease, now: now, maximumSlice: 8)
            want.append(refill?.want ?? -1)
            for (waiter, _) in lease.settle(self.slice(refill?.want ?? 0), asked: refill!, now: now, lifetimeMilliseconds: 1000, maximumSlice: 8)
                .settled
            { waiter.succeed(.unlimited) }
            while lease.decideFromMemory(now: now) != nil {}
            _ = promise
        }
        #expect(want == [1, 2, 4, 8, 8])
    }

    /// A slice of other windows (another key of the client, a new tier) admits nothing and is left as it was.
    @Test func aSliceOfOtherWindowsAdmitsNothingAndIsLeftAlone() {
        var lease = self.holding(4)
        let other = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)
        #expect(lease.decideFromMemory(now: 1, under: [other]) == nil)
        #expect(lease.used == 1, "the request the slice was asked for; nothing more")
        #expect(lease.decideFromMemory(now: 1, under: [self.policy])?.allowed == true)
        #expect(lease.used == 2)
    }

    /// Starts a lease holding a full slice of `units` granted at `now`.
    func holding(_ units: Int, now: Int64 = 0) -> RateLease {
        var lease = RateLease(policies: [self.policy])
        let (_, refill) = self.wait(&lease, now: now)
        for (promise, _) in lease.settle(self.slice(units), asked: refill!, now: now, lifetimeMilliseconds: 1000, maximumSlice: 64).settled {
            promise.succeed(.unlimited)
        }
        return lease
    }

    @Test func aSliceDownToItsLastQuarterAsksAheadAndKeepsAdmitting() {
        var lease = self.holding(8)  // 1 unit went to the first waiter
        for _ in 0..<4 { #expect(lease.decideFromMemory(now: 100)?.allowed == true) }
        #expect(!lease.isLow, "3 of 8 left")
        #expect(lease.decideFromMemory(now: 100)?.allowed == true)
        #expect(lease.isLow, "2 of 8 left: the last quarter")
        let ahead = lease.prefetch(now: 100, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(ahead == RateLease.Refill(want: 2, returned: 0), "used up within half its lifetime: twice the slice (1 → 2)")
        #expect(lease.prefetch(now: 100, lifetimeMilliseconds: 1000, maximumSlice: 64) == nil, "one on its way")
        #expect(lease.decideFromMemory(now: 110)?.allowed == true, "the rest is admitted while the refill travels")
        #expect(lease.decideFromMemory(now: 110)?.allowed == true)
        #expect(lease.decideFromMemory(now: 110) == nil, "then it is spent")
        let (waiter, refill) = self.wait(&lease, now: 120)
        #expect(refill == nil, "the refill sent ahead serves the waiter")
        let settled = lease.settle(self.slice(4), asked: ahead!, now: 130, lifetimeMilliseconds: 1000, maximumSlice: 64).settled
        #expect(settled.count == 1 && settled[0].0.futureResult === waiter.futureResult && settled[0].1?.allowed == true)
        for (promise, _) in settled { promise.succeed(.unlimited) }
        var admitted = 0
        while lease.decideFromMemory(now: 140) != nil { admitted += 1 }
        #expect(admitted == 3, "4 granted, 1 to the waiter: never more than Redis granted")
    }

    @Test func unitsLeftWhenTheRefillAheadArrivesJoinTheNewSlice() {
        var lease = self.holding(8)
        for _ in 0..<6 { _ = lease.decideFromMemory(now: 600) }
        let ahead = lease.prefetch(now: 600, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(ahead?.want == 1, "used up in more than half its lifetime: the same size")
        #expect(lease.settle(self.slice(1), asked: ahead!, now: 610, lifetimeMilliseconds: 1000, maximumSlice: 64).settled.isEmpty)
        var admitted = 0
        while lease.decideFromMemory(now: 620) != nil { admitted += 1 }
        #expect(admitted == 2, "1 left of the old slice + 1 new")
    }

    @Test func aRefillAheadArrivingAfterTheSliceExpiredGivesTheRestBack() {
        var lease = self.holding(8)  // granted at 0, lifetime 1000 ms; 1 unit to the first waiter
        for _ in 0..<5 { _ = lease.decideFromMemory(now: 600) }
        let ahead = lease.prefetch(now: 600, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(ahead != nil)
        let outcome = lease.settle(self.slice(1), asked: ahead!, now: 1100, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(outcome.expired == 2, "the 2 units left of the expired slice go back to Redis")
        #expect(outcome.next == nil)
        var admitted = 0
        while lease.decideFromMemory(now: 1110) != nil { admitted += 1 }
        #expect(admitted == 1, "only the new unit is admitted")
        #expect(lease.takeUnused(now: 5000, all: true) == nil, "and nothing is given back twice")
    }

    @Test func aRefillAheadAfterTheReturnerTookTheRestGivesNothingBackTwice() {
        var lease = self.holding(8)
        for _ in 0..<5 { _ = lease.decideFromMemory(now: 600) }
        let ahead = lease.prefetch(now: 600, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(lease.takeUnused(now: 1050, all: false) == 2, "the returner ran first")
        let outcome = lease.settle(self.slice(1), asked: ahead!, now: 1100, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(outcome.expired == 0)
    }

    @Test func aRefillAheadThatFindsNothingLeavesTheRestThenRefuses() {
        var lease = self.holding(4)
        for _ in 0..<2 { _ = lease.decideFromMemory(now: 10) }
        let ahead = lease.prefetch(now: 10, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(ahead != nil)
        _ = lease.settle(self.slice(0, remaining: 0, retry: 500), asked: ahead!, now: 20, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(lease.decideFromMemory(now: 30)?.allowed == true, "the unit left is still admitted")
        #expect(lease.decideFromMemory(now: 30) == nil)
        #expect(lease.takeUnused(now: 2000, all: false) == nil, "nothing left to give back")
    }

    @Test func noAnswerToARefillAheadLeavesTheSliceAsItWas() {
        var lease = self.holding(8)
        for _ in 0..<6 { _ = lease.decideFromMemory(now: 10) }
        let ahead = lease.prefetch(now: 10, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(lease.settle(nil, asked: ahead!, now: 20, lifetimeMilliseconds: 1000, maximumSlice: 64).settled.isEmpty)
        #expect(lease.decideFromMemory(now: 30)?.allowed == true)
        #expect(lease.takeUnused(now: 1000, all: false) == nil, "8 granted: 1 waiter + 7 admitted")
    }

    @Test func anExpiredSliceGivesItsRestBackAndShrinks() {
        var lease = RateLease(policies: [self.policy])
        let (_, first) = self.wait(&lease, now: 0, maximumSlice: 64)
        #expect(first?.want == 1)
        for (promise, _) in lease.settle(self.slice(8), asked: .init(want: 8, returned: 0), now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64)
            .settled
        { promise.succeed(.unlimited) }
        #expect(lease.decideFromMemory(now: 500)?.allowed == true)
        #expect(lease.decideFromMemory(now: 1000) == nil, "past its lifetime the slice admits nothing")
        #expect(lease.takeUnused(now: 1000, all: false) == 6, "8 granted, 1 to the first waiter, 1 admitted")
        #expect(lease.takeUnused(now: 1000, all: false) == nil, "given back once")
        #expect(lease.isIdle(now: 2000, lifetimeMilliseconds: 1000))
    }

    @Test func aRefusalIsRememberedUntilItsRetryAfter() {
        var lease = RateLease(policies: [self.policy])
        let (_, _) = self.wait(&lease, now: 0)
        let settled = lease.settle(
            self.slice(0, remaining: 0, retry: 600),
            asked: .init(want: 1, returned: 0),
            now: 0,
            lifetimeMilliseconds: 1000,
            maximumSlice: 64
        ).settled
        #expect(settled.first?.1?.allowed == false)
        #expect(settled.first?.1?.retryAfterMilliseconds == 600)
        for (promise, _) in settled { promise.succeed(.unlimited) }
        let remembered = lease.decideFromMemory(now: 200)
        #expect(remembered?.allowed == false)
        #expect(remembered?.retryAfterMilliseconds == 400, "counted down, no Redis call")
        #expect(lease.decideFromMemory(now: 600) == nil, "then Redis is asked again")
    }

    @Test func aGrantSmallerThanTheQueueRefusesTheRest() {
        var lease = RateLease(policies: [self.policy])
        var promises: [EventLoopPromise<RateDecision>] = []
        for _ in 0..<3 { promises.append(self.wait(&lease, now: 0).0) }
        let settled = lease.settle(
            self.slice(1, remaining: 0),
            asked: .init(want: 4, returned: 0),
            now: 0,
            lifetimeMilliseconds: 1000,
            maximumSlice: 64
        ).settled
        #expect(settled.map { $0.1?.allowed } == [true, false, false])
        #expect(settled[1].1?.retryAfterMilliseconds == 600, "one interval of 100/min")
        for (promise, _) in settled { promise.succeed(.unlimited) }
    }

    @Test func aFullGrantTheQueueOutgrewAsksAgainForMore() {
        var lease = RateLease(policies: [self.policy])
        var promises: [EventLoopPromise<RateDecision>] = []
        for _ in 0..<5 { promises.append(self.wait(&lease, now: 0).0) }
        let (settled, next, _) = lease.settle(self.slice(1), asked: .init(want: 1, returned: 0), now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(settled.count == 1)
        #expect(settled[0].1?.allowed == true)
        #expect(next == RateLease.Refill(want: 4, returned: 0), "four still wait: the next slice covers them")
        #expect(lease.refilling)
        let (rest, none, _) = lease.settle(self.slice(4), asked: next!, now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64)
        #expect(rest.count == 4)
        #expect(rest.allSatisfy { $0.1?.allowed == true })
        #expect(none == nil)
        for promise in promises { promise.succeed(.unlimited) }
    }

    @Test func noAnswerFromRedisLeavesEveryWaiterToTheExactPath() {
        var lease = RateLease(policies: [self.policy])
        let (_, _) = self.wait(&lease, now: 0)
        let settled = lease.settle(nil, asked: .init(want: 1, returned: 0), now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64).settled
        #expect(settled.count == 1)
        #expect(settled[0].1 == nil)
        for (promise, _) in settled { promise.succeed(.unlimited) }
        #expect(!lease.refilling)
    }

    @Test func aRefundPutsAUnitBack() {
        var lease = RateLease(policies: [self.policy])
        let (_, _) = self.wait(&lease, now: 0)
        for (promise, _) in lease.settle(self.slice(2), asked: .init(want: 2, returned: 0), now: 0, lifetimeMilliseconds: 1000, maximumSlice: 64)
            .settled
        { promise.succeed(.unlimited) }
        #expect(lease.decideFromMemory(now: 1)?.allowed == true)
        #expect(lease.decideFromMemory(now: 1) == nil)
        let refunded = lease.refundOne()
        #expect(refunded)
        #expect(lease.decideFromMemory(now: 1)?.allowed == true)
    }

    @Test func admissionsReportWhatRedisAndTheSliceHoldTogether() {
        var lease = RateLease(policies: [self.policy])
        let (_, _) = self.wait(&lease, now: 0)
        for (promise, _) in lease.settle(
            self.slice(10, remaining: 40),
            asked: .init(want: 10, returned: 0),
            now: 0,
            lifetimeMilliseconds: 1000,
            maximumSlice: 64
        ).settled { promise.succeed(.unlimited) }
        // 10 granted, 1 to the waiter: 9 left here and 40 in Redis; this one takes another.
        #expect(lease.decideFromMemory(now: 1)?.policies.first?.remaining == 48)
    }
}
