import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseRedis

/// Exact distributed rate limiting: every decision is one `EVALSHA` of `redis/gcra.lua` over all the policies it
/// covers, atomic and all-or-nothing, timed by Redis `TIME` (one clock for the whole fleet).
///
/// When Redis does not answer within ``RateLimitSettings/decisionTimeout`` (down, slow, failing over, out of
/// memory), the decision is taken by the configured degraded mode instead and marked as such; the next call tries
/// Redis again, so recovery needs nothing. A late Redis reply is ignored (its charge stands: erring towards the
/// limit, never past it).
public final class RateLimiter: Sendable {
    let redis: RedisClient
    let keyspace: AccessKeyspace
    public let settings: RateLimitSettings
    let local: LocalRateLimiter
    let liveInstances: @Sendable () -> Int
    let fixedNowMicroseconds: @Sendable () -> Int64?
    let localNowMicroseconds: @Sendable () -> Int64
    public let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let counters = Counters()
    let metrics: RateLimitMetrics

    /// Decisions taken, by how (exact, local, fail-open, fail-closed, limited): read by tests and bench/ratelimit. The
    /// exported metrics count per policy instead (``RateLimitMetrics``).
    public final class Counters: Sendable {
        public let exact = Atomic<Int>(0)
        public let local = Atomic<Int>(0)
        public let failedOpen = Atomic<Int>(0)
        public let failedClosed = Atomic<Int>(0)
        public let limited = Atomic<Int>(0)
    }

    /// - Parameters:
    ///   - liveInstances: the fleet size for the `local` mode (from ``InstanceRegistry``).
    ///   - fixedNowMicroseconds: a time to pass to the script instead of Redis `TIME` (tests); nil in production.
    ///   - localNowMicroseconds: this process's clock, for `local` decisions.
    public init(
        redis: RedisClient,
        keyspace: AccessKeyspace,
        settings: RateLimitSettings,
        liveInstances: @escaping @Sendable () -> Int,
        fixedNowMicroseconds: @escaping @Sendable () -> Int64? = { nil },
        localNowMicroseconds: @escaping @Sendable () -> Int64,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: RateLimitMetrics = RateLimitMetrics(),
        logger: Logger
    ) {
        self.metrics = metrics
        self.eventLoopGroup = eventLoopGroup
        self.redis = redis
        self.keyspace = keyspace
        self.settings = settings
        self.local = LocalRateLimiter(capacity: settings.localCapacity)
        self.liveInstances = liveInstances
        self.fixedNowMicroseconds = fixedNowMicroseconds
        self.localNowMicroseconds = localNowMicroseconds
        self.logger = logger
    }

    public var decisionCounters: Counters { self.counters }

    /// Charges `cost` (negative to refund) to every `(subject, policy)` pair at once. Event-loop API: completes on
    /// `eventLoop` (or a Redis connection's loop), creates no task. Fails only with ``RateLimitUnavailable`` in
    /// `fail_closed` mode.
    public func decide(_ charges: [(subject: RateSubject, policy: RatePolicy)], cost: Int = 1, on eventLoop: any EventLoop)
        -> EventLoopFuture<RateDecision>
    {
        self.decide(charges, cost: cost, costs: nil, on: eventLoop)
    }

    /// As ``decide(_:cost:on:)``, with each pair charged its own cost (`costs[i]` for `charges[i]`; negative refunds):
    /// one all-or-nothing decision over windows counted in different units.
    public func decide(_ charges: [(subject: RateSubject, policy: RatePolicy)], costs: [Int], on eventLoop: any EventLoop)
        -> EventLoopFuture<RateDecision>
    {
        precondition(costs.count == charges.count, "one cost per charge")
        return self.decide(charges, cost: costs.first ?? 1, costs: costs, on: eventLoop)
    }

    /// Async form of ``decide(_:costs:on:)``.
    public func decide(_ charges: [(subject: RateSubject, policy: RatePolicy)], costs: [Int]) async throws -> RateDecision {
        try await self.decide(charges, costs: costs, on: self.eventLoopGroup.any()).get()
    }

    private func decide(_ charges: [(subject: RateSubject, policy: RatePolicy)], cost: Int, costs: [Int]?, on eventLoop: any EventLoop)
        -> EventLoopFuture<RateDecision>
    {
        guard !charges.isEmpty else { return eventLoop.makeSucceededFuture(.unlimited) }
        let keys = charges.map { self.keyspace.rateLimit(subject: $0.subject, policy: $0.policy) }
        let policies = charges.map(\.policy)
        let allCosts = costs ?? Array(repeating: cost, count: charges.count)
        let promise = eventLoop.makePromise(of: RateDecision.self)
        let reply: EventLoopFuture<RateDecision?>
        // On Redis Cluster, windows of different subjects live in different slots: one script per subject.
        if self.redis.isCluster, Set(charges.map(\.subject)).count > 1 {
            reply = self.decideAcrossSlots(keys: keys, policies: policies, subjects: charges.map(\.subject), costs: allCosts)
        } else {
            reply = self.evalDecision(keys: keys, policies: policies, cost: cost, costs: costs)
        }
        self.firstOf(reply, deadlineOn: eventLoop) { result in
            switch result {
            case .success(let decision?):
                self.counters.exact.add(1, ordering: .relaxed)
                if !decision.allowed { self.counters.limited.add(1, ordering: .relaxed) }
                self.metrics.record(decision, policies: policies, cost: allCosts.max() ?? cost)
                promise.succeed(decision)
            case .success(nil):
                self.degrade(keys: keys, policies: policies, costs: allCosts, reason: "bad_reply", promise: promise)
            case .failure(let error):
                self.degrade(keys: keys, policies: policies, costs: allCosts, reason: Self.reason(error), promise: promise)
            }
        }
        return promise.futureResult
    }

    /// Hands `settle` Redis's reply, or ``RateLimitDeadline`` if `ratelimit.decision_timeout_ms` passes first; only one
    /// of the two, once. Every exact decision waits this way (one request's, or a tick's of one client).
    public func firstOf<Reply: Sendable>(
        _ reply: EventLoopFuture<Reply>,
        deadlineOn eventLoop: any EventLoop,
        settle: @escaping @Sendable (Result<Reply, any Error>) -> Void
    ) {
        let settled = Settled()
        let timer = eventLoop.scheduleTask(in: TimeAmount(self.settings.decisionTimeout)) {
            guard settled.claim() else { return }
            settle(.failure(RateLimitDeadline()))
        }
        reply.whenComplete { result in
            guard settled.claim() else { return }
            timer.cancel()
            settle(result)
        }
    }

    /// As ``firstOf(_:deadlineOn:settle:)``, with the deadline kept by `deadlines` (one task per event loop for all of
    /// its pipelines in flight, not one per pipeline). Called on `deadlines`' event loop.
    public func firstOf<Reply: Sendable>(
        _ reply: EventLoopFuture<Reply>,
        within deadlines: DecisionDeadlines,
        settle: @escaping @Sendable (Result<Reply, any Error>) -> Void
    ) {
        let settled = deadlines.watch { settle(.failure(RateLimitDeadline())) }
        reply.whenComplete { result in
            guard settled.claim() else { return }
            settle(result)
        }
    }

    /// Deadlines of `ratelimit.decision_timeout_ms` for pipelines sent from `eventLoop` (``firstOf(_:within:settle:)``).
    public func decisionDeadlines(on eventLoop: any EventLoop) -> DecisionDeadlines {
        DecisionDeadlines(eventLoop: eventLoop, timeout: TimeAmount(self.settings.decisionTimeout))
    }

    /// The degraded-mode reason for a failed decision (a metric label).
    static func reason(_ error: any Error) -> String {
        if error is RateLimitDeadline { return "timeout" }
        return (error as? RedisClientError)?.code.description ?? "unknown"
    }

    /// One `EVALSHA` of `gcra.lua` over `keys` (one slot on a cluster); nil for a reply of the wrong shape.
    func evalDecision(keys: [String], policies: [RatePolicy], cost: Int, costs: [Int]?) -> EventLoopFuture<RateDecision?> {
        self.gcraCall(keys: keys, policies: policies, cost: cost, costs: costs).map { Self.decision(from: $0, policies: policies) }
    }

    /// The `EVALSHA` of `gcra.lua` over `keys`: its raw reply.
    private func gcraCall(keys: [String], policies: [RatePolicy], cost: Int, costs: [Int]?) -> EventLoopFuture<RESPValue> {
        var arguments: [RedisCommand.Argument] = [self.fixedNowMicroseconds().map { .string(String($0)) } ?? .string(""), .int(cost)]
        arguments.reserveCapacity(2 + 4 * policies.count)
        for policy in policies {
            arguments.append(.int(policy.limit))
            arguments.append(.int(policy.periodMilliseconds))
            arguments.append(.int(policy.burst))
        }
        if let costs { arguments += costs.map { .int($0) } }
        return self.redis.evalScript(.gcra, keys: keys, arguments: arguments, timeout: .seconds(2))
    }

    /// Async form of ``decide(_:cost:on:)``.
    public func decide(_ charges: [(subject: RateSubject, policy: RatePolicy)], cost: Int = 1) async throws -> RateDecision {
        try await self.decide(charges, cost: cost, on: self.eventLoopGroup.any()).get()
    }

    func degrade(keys: [String], policies: [RatePolicy], costs: [Int], reason: String, promise: EventLoopPromise<RateDecision>) {
        promise.completeWith(self.degraded(keys: keys, policies: policies, costs: costs, reason: reason).mapError { $0 })
    }

    /// The decision of the degraded mode when Redis could not decide (`fail_closed`: ``RateLimitUnavailable``).
    func degraded(keys: [String], policies: [RatePolicy], costs: [Int], reason: String) -> Result<RateDecision, RateLimitUnavailable> {
        let cost = costs.max() ?? 1
        self.logger.debug(
            "gateway.ratelimit.degraded",
            metadata: ["ratelimit.mode": "\(self.settings.degradedMode.rawValue)", "reason": "\(reason)"]
        )
        switch self.settings.degradedMode {
        case .failOpen:
            self.counters.failedOpen.add(1, ordering: .relaxed)
            let decision = RateDecision(allowed: true, policies: [], degradation: .failOpen)
            self.metrics.record(decision, policies: policies, cost: cost)
            return .success(decision)
        case .failClosed:
            self.counters.failedClosed.add(1, ordering: .relaxed)
            self.metrics.recordUnavailable(policies: policies, cost: cost)
            return .failure(RateLimitUnavailable())
        case .local:
            self.counters.local.add(1, ordering: .relaxed)
            let instances = self.liveInstances()
            let decision = self.local.decide(
                keys: keys,
                policies: policies.map { $0.share(of: instances) },
                costs: costs,
                nowMicroseconds: self.localNowMicroseconds()
            )
            if !decision.allowed { self.counters.limited.add(1, ordering: .relaxed) }
            self.metrics.record(decision, policies: policies, cost: cost)
            return .success(decision)
        }
    }

    /// Reads the script's reply: `{allowed, now, {allowed, remaining, reset_ms, retry_after_ms}…}`.
    static func decision(from reply: RESPValue, policies: [RatePolicy]) -> RateDecision? {
        guard let items = reply.array, items.count == 2 + policies.count, let allowed = items[0].int else { return nil }
        var states: [RateDecision.PolicyState] = []
        states.reserveCapacity(policies.count)
        for (index, policy) in policies.enumerated() {
            guard let fields = items[2 + index].array, fields.count == 4, let policyAllowed = fields[0].int, let remaining = fields[1].int,
                let reset = fields[2].int, let retryAfter = fields[3].int
            else { return nil }
            states.append(
                .init(policy: policy, allowed: policyAllowed == 1, remaining: remaining, resetMilliseconds: reset, retryAfterMilliseconds: retryAfter)
            )
        }
        return RateDecision(allowed: allowed == 1, policies: states)
    }
}

/// Redis could not decide and the mode is `fail_closed`.
public struct RateLimitUnavailable: Error, Sendable, Equatable {
    public init() {}
}

/// Redis did not answer a decision within `ratelimit.decision_timeout_ms`.
struct RateLimitDeadline: Error {}

/// Who completes a decision first: the Redis reply or the deadline.
final class Settled: Sendable {
    private let done = Atomic<Bool>(false)

    func claim() -> Bool {
        self.done.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    /// Whether one side has claimed it.
    var isClaimed: Bool { self.done.load(ordering: .acquiring) }
}
