import NIOCore
import TagPulseRedis

/// One subject's slice on this instance (``RateLeases``): pure state, no I/O, so every transition is tested without
/// Redis or a clock.
struct RateLease {
    /// What Redis granted: the units and each policy's state after the grant.
    struct Slice {
        var granted: Int
        /// Per policy: remaining after the grant, reset, and retry-after (for one unit, when nothing was granted).
        var states: [RateDecision.PolicyState]

        /// Reads `redis/gcra-lease.lua`'s reply.
        init?(reply: RESPValue, policies: [RatePolicy]) {
            guard let items = reply.array, items.count == 2 + policies.count, let granted = items[0].int, granted >= 0 else { return nil }
            var states: [RateDecision.PolicyState] = []
            for (index, policy) in policies.enumerated() {
                guard let fields = items[2 + index].array, fields.count == 3, let remaining = fields[0].int, let reset = fields[1].int,
                    let retry = fields[2].int
                else { return nil }
                states.append(
                    .init(policy: policy, allowed: granted > 0, remaining: remaining, resetMilliseconds: reset, retryAfterMilliseconds: retry)
                )
            }
            self.init(granted: granted, states: states)
        }

        init(granted: Int, states: [RateDecision.PolicyState]) {
            self.granted = granted
            self.states = states
        }
    }

    /// A request to send to Redis: units wanted, and units of the previous slice given back.
    struct Refill: Equatable {
        var want: Int
        var returned: Int
    }

    let policies: [RatePolicy]
    private(set) var granted = 0
    private(set) var used = 0
    private(set) var expiresAt: Int64 = .min
    private(set) var slice = 1
    private var states: [RateDecision.PolicyState] = []
    private var refusal: RateDecision?
    private var refusedUntil: Int64 = .min
    private var waiting: [EventLoopPromise<RateDecision>] = []
    private(set) var refilling = false
    /// A refill sent ahead, while the slice still had units (``prefetch(now:)``): admissions go on from the rest.
    private(set) var prefetching = false
    private var lastActivity: Int64 = .min

    init(policies: [RatePolicy]) {
        self.policies = policies
    }

    /// Admits from the slice, or repeats a refusal still in force; nil when Redis must be asked.
    mutating func decideFromMemory(now: Int64) -> RateDecision? {
        self.lastActivity = now
        if now < self.refusedUntil, let refusal = self.refusal {
            return self.refusal(refusal, now: now)
        }
        guard !self.refilling, self.used < self.granted, now < self.expiresAt else { return nil }
        self.used += 1
        return self.admitted()
    }

    /// ``decideFromMemory(now:)`` for a request under `policies`; nil, touching nothing, when the slice is of other
    /// windows. Checked in place: reading `policies` through the book's `values` getter copied the whole lease.
    mutating func decideFromMemory(now: Int64, under policies: [RatePolicy]) -> RateDecision? {
        guard self.policies == policies else { return nil }
        return self.decideFromMemory(now: now)
    }

    /// Whether the slice is down to its last quarter with nothing on its way (then ``prefetch(now:lifetimeMilliseconds:maximumSlice:)``).
    var isLow: Bool {
        !self.refilling && !self.prefetching && self.granted > 0 && (self.granted - self.used) * 4 <= self.granted
    }

    /// After an admission from memory: the refill to send ahead once a slice is down to its last quarter, so that
    /// requests seldom wait for Redis (nil when one is on its way, or the slice still holds more). Its units join
    /// what is left of this slice when they arrive. A slice used up within half its lifetime asks for twice as much
    /// next time (up to `maximumSlice`), as a wait for a slice does.
    mutating func prefetch(now: Int64, lifetimeMilliseconds: Int64, maximumSlice: Int) -> Refill? {
        guard self.isLow, now < self.expiresAt else { return nil }
        self.prefetching = true
        if (self.expiresAt - now) * 2 > lifetimeMilliseconds { self.slice = self.slice * 2 }
        self.slice = min(max(1, self.slice), maximumSlice)
        return Refill(want: self.slice, returned: 0)
    }

    /// Queues `promise` for the next slice; returns the refill to send when none is on its way.
    mutating func wait(_ promise: EventLoopPromise<RateDecision>, now: Int64, maximumSlice: Int) -> Refill? {
        self.waiting.append(promise)
        guard !self.refilling else { return nil }
        self.refilling = true
        // The refill sent ahead serves the waiters when it arrives.
        if self.prefetching { return nil }
        let unused = max(0, self.granted - self.used)
        if self.granted > 0 {
            if unused == 0, now < self.expiresAt {
                self.slice = min(self.slice * 2, maximumSlice)
            } else if unused * 2 > self.granted {
                self.slice = max(1, self.slice / 2)
            }
        }
        self.slice = min(max(1, self.slice), maximumSlice)
        self.granted = 0
        self.used = 0
        return Refill(want: self.slice, returned: unused)
    }

    /// Applies Redis's answer (nil: no answer) to the refill `asked`: returns each waiter it settles with its decision
    /// (nil: decide without a lease), the next refill when waiters are left over from a full grant (demand
    /// outran the slice: the next one is larger), and the units of the old slice to give back to Redis (a refill sent
    /// ahead that arrived after the old slice's lifetime ended, before the returner took its rest).
    mutating func settle(
        _ slice: Slice?,
        asked: Refill,
        now: Int64,
        lifetimeMilliseconds: Int64,
        maximumSlice: Int
    ) -> (settled: [(EventLoopPromise<RateDecision>, RateDecision?)], next: Refill?, expired: Int) {
        let waiting = self.waiting
        self.waiting = []
        self.refilling = false
        let ahead = self.prefetching
        self.prefetching = false
        // A refill sent ahead that got no answer leaves the rest of the slice as it was.
        guard let slice else { return (waiting.map { ($0, nil) }, nil, 0) }
        // What the slice still held when a refill sent ahead arrives joins the new units; if its lifetime has ended
        // it is given back instead (unless `takeUnused` already did): never admitted twice, never lost.
        let rest = ahead ? max(0, self.granted - self.used) : 0
        let left = now < self.expiresAt ? rest : 0
        let expired = rest - left
        self.states = slice.states
        self.granted = slice.granted + left
        self.used = 0
        self.expiresAt = now + lifetimeMilliseconds
        if slice.granted == 0, left == 0 {
            let refusal = RateDecision(allowed: false, policies: slice.states.map { Self.refused($0) })
            self.refusal = refusal
            self.refusedUntil = now + Int64(refusal.retryAfterMilliseconds)
            return (waiting.map { ($0, refusal) }, nil, expired)
        }
        self.refusal = nil
        self.refusedUntil = .min
        var settled: [(EventLoopPromise<RateDecision>, RateDecision?)] = []
        var index = 0
        while index < waiting.count, self.used < self.granted {
            self.used += 1
            settled.append((waiting[index], self.admitted()))
            index += 1
        }
        guard index < waiting.count else { return (settled, nil, expired) }
        if slice.granted < asked.want {
            // Redis had less than asked: the allowance ran out. One unit's interval is the earliest the next fits.
            for promise in waiting[index...] { settled.append((promise, self.exhausted())) }
            return (settled, nil, expired)
        }
        // A full grant that the queue outgrew: ask again, for more.
        self.waiting = Array(waiting[index...])
        self.refilling = true
        self.slice = min(max(self.slice * 2, self.waiting.count), maximumSlice)
        self.granted = 0
        self.used = 0
        return (settled, Refill(want: self.slice, returned: expired), 0)
    }

    /// Puts one used unit back into a slice still in use; false when there is none (give it back to Redis).
    mutating func refundOne() -> Bool {
        guard !self.refilling, self.used > 0 else { return false }
        self.used -= 1
        return true
    }

    /// The unused units to give back: of a slice whose lifetime ended, or of any slice when `all`. The slice is
    /// closed (nothing more is admitted from it).
    mutating func takeUnused(now: Int64, all: Bool) -> Int? {
        guard !self.refilling, self.granted > self.used, all || now >= self.expiresAt else { return nil }
        let unused = self.granted - self.used
        if unused * 2 > self.granted { self.slice = max(1, self.slice / 2) }
        self.granted = self.used
        return unused
    }

    /// Nothing held, nothing pending, no refusal in force, and quiet for a lifetime: safe to forget.
    func isIdle(now: Int64, lifetimeMilliseconds: Int64) -> Bool {
        !self.refilling && self.granted <= self.used && now >= self.refusedUntil && now - self.lastActivity >= lifetimeMilliseconds
    }

    /// An admission: each policy's remaining counts what Redis has left plus what this slice still holds.
    private func admitted() -> RateDecision {
        let left = self.granted - self.used
        return RateDecision(
            allowed: true,
            policies: self.states.map { state in
                var state = state
                state.allowed = true
                state.remaining += left
                state.retryAfterMilliseconds = 0
                return state
            }
        )
    }

    private func exhausted() -> RateDecision {
        RateDecision(
            allowed: false,
            policies: self.states.map { state in
                var state = state
                state.allowed = state.remaining > 0
                state.retryAfterMilliseconds =
                    state.allowed ? 0 : max(1, (state.policy.periodMilliseconds + state.policy.limit - 1) / state.policy.limit)
                return state
            }
        )
    }

    /// The remembered refusal with its waits counted down to `now`.
    private func refusal(_ refusal: RateDecision, now: Int64) -> RateDecision {
        let elapsed = Int(max(0, now - (self.refusedUntil - Int64(refusal.retryAfterMilliseconds))))
        var decision = refusal
        for index in decision.policies.indices {
            decision.policies[index].retryAfterMilliseconds = max(
                decision.policies[index].allowed ? 0 : 1,
                decision.policies[index].retryAfterMilliseconds - elapsed
            )
            decision.policies[index].resetMilliseconds = max(0, decision.policies[index].resetMilliseconds - elapsed)
        }
        return decision
    }

    private static func refused(_ state: RateDecision.PolicyState) -> RateDecision.PolicyState {
        var state = state
        state.allowed = state.retryAfterMilliseconds == 0
        return state
    }
}
