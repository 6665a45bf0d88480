import Logging
import NIOCore
import Synchronization
import TagPulseRedis
import TagPulseWire

/// Leased mode (`ratelimit.mode=leased`): each instance takes a slice of a subject's GCRA allowance from Redis in one
/// script call (`redis/gcra-lease.lua`) and admits that many requests from memory, until the slice is spent or its
/// lifetime ends; unused units are given back. A hit then costs no Redis round trip most of the time.
///
/// **Bounds** (decision 0003). A slice is charged in Redis before any of it is used, exactly as that many requests
/// arriving at once, so over any window the fleet admits *at most* what exact mode admits: the overshoot is 0. What
/// leasing costs is the other way: allowance parked on an instance whose traffic stopped is unusable elsewhere until
/// it is given back (at the latest one ``Settings/lifetime`` later, by ``RateLeaseReturner``). So the fleet admits at
/// least the exact figure minus `instances × maximum slice`, where the maximum slice is
/// `min(ratelimit.lease_max_slice, max(1, burst ÷ (2 × live instances)))` for the tightest policy.
///
/// Slices adapt to demand: a slice spent before its lifetime ends doubles the next one (up to the maximum), one
/// that expires more than half unused halves it. A refusal is remembered until its `Retry-After`, so a client over
/// its limit costs Redis one call per refusal window, not one per request.
public final class RateLeases: Sendable {
    public struct Settings: Sendable, Hashable {
        /// How long a slice may be used before its rest is given back.
        public var lifetime: Duration = .milliseconds(1000)
        /// The largest slice taken at once.
        public var maximumSlice: Int = 256

        public init(lifetime: Duration = .milliseconds(1000), maximumSlice: Int = 256) {
            self.lifetime = lifetime
            self.maximumSlice = maximumSlice
        }
    }

    let redis: RedisClient
    let keyspace: AccessKeyspace
    public let settings: Settings
    let liveInstances: @Sendable () -> Int
    let nowMilliseconds: @Sendable () -> Int64
    let fixedNowMicroseconds: @Sendable () -> Int64?
    let logger: Logger
    /// Decides when Redis cannot lease (its degraded modes apply).
    let fallback: RateLimiter
    let book = Mutex<[String: RateLease]>([:])
    /// Script calls made (tests and the benchmark's commands-per-hit figure).
    public let calls = Atomic<Int>(0)

    public init(
        fallback: RateLimiter,
        settings: Settings,
        liveInstances: @escaping @Sendable () -> Int,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        fixedNowMicroseconds: @escaping @Sendable () -> Int64? = { nil },
        logger: Logger
    ) {
        self.fallback = fallback
        self.redis = fallback.redis
        self.keyspace = fallback.keyspace
        self.settings = settings
        self.liveInstances = liveInstances
        self.nowMilliseconds = nowMilliseconds
        self.fixedNowMicroseconds = fixedNowMicroseconds
        self.logger = logger
    }

    /// The decision for one request of `subject` under `policies`, from memory when this instance holds a slice (or a
    /// remembered refusal); nil when only Redis can tell (then call ``decide(_:policies:on:)``).
    public func decideNow(_ subject: RateSubject, policies: [RatePolicy]) -> RateDecision? {
        let now = self.nowMilliseconds()
        let (decision, ahead) = self.book.withLock { book -> (RateDecision?, RateLease.Refill?) in
            // Changed where it lies: one hash of the subject, and no copy of the lease's arrays to write back.
            guard let index = book.index(forKey: subject.rawValue),
                let decision = book.values[index].decideFromMemory(now: now, under: policies)
            else { return (nil, nil) }
            return (decision, self.prefetch(&book.values[index], now: now))
        }
        if let ahead { self.take(ahead, subject: subject, policies: policies) }
        return decision
    }

    /// The refill to send ahead after an admission, when the slice runs low.
    private func prefetch(_ lease: inout RateLease, now: Int64) -> RateLease.Refill? {
        guard lease.isLow else { return nil }
        return lease.prefetch(now: now, lifetimeMilliseconds: self.lifetimeMilliseconds, maximumSlice: self.maximumSlice(for: lease.policies))
    }

    /// The decision for one request, taking a new slice when this instance has none left. Event-loop API.
    public func decide(_ subject: RateSubject, policies: [RatePolicy], on eventLoop: any EventLoop) -> EventLoopFuture<RateDecision> {
        guard !policies.isEmpty else { return eventLoop.makeSucceededFuture(.unlimited) }
        let now = self.nowMilliseconds()
        let promise = eventLoop.makePromise(of: RateDecision.self)
        let maximumSlice = self.maximumSlice(for: policies)
        var replaced: (policies: [RatePolicy], units: Int)?
        let refill = self.book.withLock { book -> RateLease.Refill? in
            var lease = book[subject.rawValue] ?? RateLease(policies: policies)
            if lease.policies != policies, !lease.refilling {
                // The subject's windows changed (another key of the client, or a new tier): start over, giving the
                // old slice's rest back.
                if let units = lease.takeUnused(now: now, all: true) { replaced = (lease.policies, units) }
                lease = RateLease(policies: policies)
            }
            defer { book[subject.rawValue] = lease }
            if lease.policies == policies, let decision = lease.decideFromMemory(now: now) {
                promise.succeed(decision)
                return self.prefetch(&lease, now: now)
            }
            return lease.wait(promise, now: now, maximumSlice: maximumSlice)
        }
        if let replaced {
            _ = self.lease(subject, replaced.policies, want: 0, returned: replaced.units)
        }
        if let refill { self.take(refill, subject: subject, policies: policies) }
        return promise.futureResult
    }

    /// Gives one admitted unit back to this instance's slice (the request was not served after all), or to Redis when
    /// the slice is gone.
    public func refund(_ subject: RateSubject, policies: [RatePolicy]) {
        let local = self.book.withLock { book -> Bool in
            guard var lease = book[subject.rawValue], lease.refundOne() else { return false }
            book[subject.rawValue] = lease
            return true
        }
        guard !local, !policies.isEmpty else { return }
        _ = self.lease(subject, policies, want: 0, returned: 1)
    }

    /// Asks Redis for a slice (giving back the previous one's rest) and settles everyone waiting for it.
    private func take(_ refill: RateLease.Refill, subject: RateSubject, policies: [RatePolicy]) {
        self.lease(subject, policies, want: refill.want, returned: refill.returned)
            .whenComplete { result in
                let now = self.nowMilliseconds()
                let reply = try? result.get()
                let slice = reply.flatMap { RateLease.Slice(reply: $0, policies: policies) }
                let maximumSlice = self.maximumSlice(for: policies)
                let (settled, next, expired) = self.book.withLock {
                    book -> ([(EventLoopPromise<RateDecision>, RateDecision?)], RateLease.Refill?, Int) in
                    guard var lease = book[subject.rawValue] else { return ([], nil, 0) }
                    defer { book[subject.rawValue] = lease }
                    return lease.settle(slice, asked: refill, now: now, lifetimeMilliseconds: self.lifetimeMilliseconds, maximumSlice: maximumSlice)
                }
                if let next {
                    self.take(next, subject: subject, policies: policies)  // it carries the expired units back
                } else if expired > 0 {
                    _ = self.lease(subject, policies, want: 0, returned: expired)
                }
                for (promise, decision) in settled {
                    if let decision {
                        promise.succeed(decision)
                    } else {
                        // Redis did not lease: the exact path decides (and degrades as configured).
                        let charges = policies.map { (subject: subject, policy: $0) }
                        self.fallback.decide(charges, on: promise.futureResult.eventLoop).cascade(to: promise)
                    }
                }
            }
    }

    /// Gives back the unused part of every slice whose lifetime has ended (`all`: of every slice, at shutdown) and
    /// forgets idle subjects. Returns the number of script calls sent.
    @discardableResult
    public func returnUnused(all: Bool = false) -> Int {
        let now = self.nowMilliseconds()
        let returns = self.book.withLock { book -> [(String, [RatePolicy], Int)] in
            var returns: [(String, [RatePolicy], Int)] = []
            for (subject, var lease) in book {
                if let units = lease.takeUnused(now: now, all: all) { returns.append((subject, lease.policies, units)) }
                if lease.isIdle(now: now, lifetimeMilliseconds: self.lifetimeMilliseconds) {
                    book[subject] = nil
                } else {
                    book[subject] = lease
                }
            }
            return returns
        }
        for (subject, policies, units) in returns {
            _ = self.lease(RateSubject(rawValue: subject), policies, want: 0, returned: units)
        }
        return returns.count
    }

    /// Subjects this instance holds state for (tests, metrics).
    public var count: Int { self.book.withLock { $0.count } }

    var lifetimeMilliseconds: Int64 { self.settings.lifetime.milliseconds }

    /// The largest slice for `policies`: a share of the tightest burst, so the instances together never park more
    /// than half of it.
    func maximumSlice(for policies: [RatePolicy]) -> Int {
        let instances = max(1, self.liveInstances())
        let share = policies.map { max(1, $0.burst / (2 * instances)) }.min() ?? 1
        return max(1, min(self.settings.maximumSlice, share))
    }

    /// One `redis/gcra-lease.lua` call: `want` units for `subject` under `policies`, `returned` given back first.
    private func lease(_ subject: RateSubject, _ policies: [RatePolicy], want: Int, returned: Int) -> EventLoopFuture<RESPValue> {
        let keys = policies.map { self.keyspace.rateLimit(subject: subject, policy: $0) }
        self.calls.add(1, ordering: .relaxed)
        return self.redis.evalScript(.gcraLease, keys: keys, arguments: self.arguments(want: want, returned: returned, policies))
    }

    private func arguments(want: Int, returned: Int, _ policies: [RatePolicy]) -> [RedisCommand.Argument] {
        var arguments: [RedisCommand.Argument] = [self.fixedNowMicroseconds().map { .string(String($0)) } ?? .string(""), .int(want), .int(returned)]
        for policy in policies {
            arguments.append(.int(policy.limit))
            arguments.append(.int(policy.periodMilliseconds))
            arguments.append(.int(policy.burst))
        }
        return arguments
    }
}
