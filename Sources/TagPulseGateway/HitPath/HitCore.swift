import Logging
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// The one place a cache hit is decided, for both request forms and both callers (the event-loop handler and the
/// router; decision 0003): charge the client's `requests` windows and learn what is stored for the key, in one Redis
/// round trip in exact mode and usually none in leased mode, with the body taken from the ``HotCache``.
///
/// - **Exact** (`ratelimit.mode=exact`): one `EVALSHA` of `redis/gcra.lua` charges, and the entry's head
///   (`GETRANGE`, ``CacheEntryHead/prefixBytes`` bytes) and its purge marks (`HMGET`) are read in the same write: one
///   round trip, reply bytes independent of the body. The body comes from the hot cache when the version matches;
///   otherwise it is fetched once and kept there.
/// - **Leased** (`ratelimit.mode=leased`): the charge is decided from this instance's slice (``RateLeases``); a hot
///   entry that Redis confirmed within `cache.hot_max_stale_ms` is served with no round trip at all, an older one
///   is confirmed first (head and marks, one pipelined round trip).
struct HitCore: Sendable {
    let access: GatewayAccess
    let store: CacheStore
    let hot: HotCache
    let settings: HitPathSettings
    let nowMilliseconds: @Sendable () -> Int64
    let logger: Logger
    /// Look-ups the event loop hands to the router with a request it does not answer.
    let handoff: HitHandoff
    /// Exact mode without ``batches`` (Redis Cluster): reads of one entry's head started on one event loop in one
    /// tick, shared.
    let reads: SameTickReads
    /// Exact mode, when the limiter charges through the control Redis and neither it nor a separate cache Redis is a
    /// cluster: each event loop's hits of a tick in one pipeline (two with a separate cache Redis), without a future
    /// per hit.
    let batches: ExactHitBatches?

    init(
        access: GatewayAccess,
        store: CacheStore,
        hot: HotCache,
        settings: HitPathSettings,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        eventLoops: any EventLoopGroup,
        logger: Logger
    ) {
        self.access = access
        self.store = store
        self.hot = hot
        self.settings = settings
        self.nowMilliseconds = nowMilliseconds
        self.logger = logger
        self.handoff = HitHandoff(nowMilliseconds: nowMilliseconds)
        self.reads = SameTickReads(eventLoops: eventLoops)
        if settings.rateLimitMode == .exact, let limiter = access.limiter, limiter.chargesThrough(store.control), !store.control.isCluster,
            !store.cache.isCluster
        {
            let sender = ExactHitSender(limiter: limiter, store: store) { head, key in
                Self.entry(head, key: key, hot: hot, leased: false, now: nowMilliseconds)
            }
            self.batches = ExactHitBatches(sender: sender, eventLoops: eventLoops)
        } else {
            self.batches = nil
        }
    }

    /// The largest body kept inflated in the hot cache (and so served to clients that do not accept gzip).
    static let maximumBodyBytes = CachedResponse.maximumBodyBytes

    /// Charges one request of `caller` and looks `key` up. Never fails: an unreadable entry is ``HitLookup/Entry/unknown``;
    /// a `fail_closed` refusal to decide fails with ``RateLimitUnavailable``.
    func lookUp(_ key: CacheKey, caller: AuthenticatedKey?, on eventLoop: any EventLoop) -> EventLoopFuture<HitLookup> {
        guard self.settings.rateLimitMode == .exact, let caller else {
            return self.access.chargeRequests(caller, on: eventLoop).flatMap { decision in
                guard decision.allowed else { return eventLoop.makeSucceededFuture(HitLookup(decision: decision, entry: .unknown)) }
                return self.confirm(key, on: eventLoop).map { HitLookup(decision: decision, entry: $0) }
            }
        }
        return self.chargeAndPeek(key, caller: caller, on: eventLoop)
    }

    /// ``lookUp(_:caller:on:)`` for a known caller, completed through a callback: in exact mode a hit on one of the
    /// HTTP server's loops joins its tick's batch (``ExactHitBatches``) and has no future of its own.
    func lookUp(
        _ key: CacheKey,
        caller: AuthenticatedKey,
        on eventLoop: any EventLoop,
        completion: @escaping @Sendable (Result<HitLookup, any Error>) -> Void
    ) {
        if let batches = self.batches {
            let hit = ExactHitBatches.Hit(
                key: key,
                subject: caller.subject,
                policies: self.access.tier(named: caller.tier)?.requests ?? [],
                completion: completion
            )
            if batches.add(hit, on: eventLoop) { return }
        }
        self.lookUp(key, caller: caller, on: eventLoop).whenComplete(completion)
    }

    /// Leased mode's steady state, with no future at all: the decision from this instance's slice and a hot entry
    /// Redis confirmed recently enough (`now`: this instance's clock, read by the caller). nil: take
    /// ``lookUp(_:caller:on:)``.
    func lookUpNow(_ key: CacheKey, caller: AuthenticatedKey, now: Int64) -> HitLookup? {
        guard let leases = self.access.leases, let (hot, head) = self.recentlyConfirmed(key, now: now) else { return nil }
        let decision: RateDecision
        if let tier = self.access.tier(named: caller.tier) {
            guard let now = leases.decideNow(caller.subject, policies: tier.requests) else { return nil }
            decision = now
        } else {
            decision = .unlimited
        }
        return HitLookup(decision: decision, entry: decision.allowed ? .stored(head, hot: hot) : .unknown)
    }

    /// Leased mode: the hot copy of `key` and its head as Redis last confirmed it, while that was within
    /// `cache.hot_max_stale_ms`; nil otherwise (and always in exact mode, which asks Redis on every hit).
    private func recentlyConfirmed(_ key: CacheKey, now: Int64) -> (HotEntry, CacheEntryHead)? {
        guard self.settings.rateLimitMode == .leased, let hot = self.hot.entry(key.hex) else { return nil }
        let confirmed = hot.confirmed
        guard now - confirmed.at < self.settings.hotMaxStaleMilliseconds else { return nil }
        return (hot, confirmed.head)
    }

    /// Exact mode: the charge (`EVALSHA`) and the entry's head and marks (`GETRANGE`, `HMGET`s) sent at once. From the
    /// event loop both go out on the pool's connection of this loop in the same write: one round trip. The reads are
    /// plain commands beside the script, not inside it: in Redis a read costs ~0.15 µs as a command and ~1.5 µs as a
    /// script's `redis.call` (decision 0003). Hits read by one event loop in one tick share their client's script
    /// call (``CoalescedCharges``) and their entry's read (``SameTickReads``): decision 0005.
    private func chargeAndPeek(_ key: CacheKey, caller: AuthenticatedKey, on eventLoop: any EventLoop) -> EventLoopFuture<HitLookup> {
        let charge = self.access.chargeRequests(caller, on: eventLoop)
        return charge.and(self.reads.read(key.hex, on: eventLoop) { self.readHead(key) }).map { decision, entry in
            HitLookup(decision: decision, entry: decision.allowed ? entry : .unknown)
        }
    }

    /// The entry's current head (leased mode, or nothing to charge): from the hot cache while Redis confirmed it
    /// recently enough, else read and confirmed (one pipelined round trip).
    private func confirm(_ key: CacheKey, on eventLoop: any EventLoop) -> EventLoopFuture<HitLookup.Entry> {
        if let (hot, head) = self.recentlyConfirmed(key, now: self.nowMilliseconds()) {
            return eventLoop.makeSucceededFuture(.stored(head, hot: hot))
        }
        return self.readHead(key)
    }

    /// The entry's head and purge marks from Redis (one pipelined round trip), with the hot copy when it is the same
    /// version; a missing entry drops any hot copy. Never fails: an unreadable entry is ``HitLookup/Entry/unknown``.
    private func readHead(_ key: CacheKey) -> EventLoopFuture<HitLookup.Entry> {
        self.store.lookupHead(key).map { head -> HitLookup.Entry in
            Self.entry(head, key: key, hot: self.hot, leased: self.settings.rateLimitMode == .leased, now: self.nowMilliseconds)
        }.recover { _ in .unknown }
    }

    /// What a head read found for `key`: with the hot copy when it is the same version; a missing entry drops any hot
    /// copy. In leased mode the read confirms the hot copy (exact mode reads the head on every hit instead).
    static func entry(_ head: CacheEntryHead?, key: CacheKey, hot: HotCache, leased: Bool, now: () -> Int64) -> HitLookup.Entry {
        guard let head else {
            hot.remove(key.hex)
            return .absent
        }
        guard let kept = hot.entry(key.hex), kept.head.isSameVersion(as: head) else { return .stored(head, hot: nil) }
        if leased { kept.confirm(head, at: now()) }
        return .stored(head, hot: kept)
    }

    /// The whole entry (a version this instance does not hold yet), kept in the hot cache when it is a fresh 200.
    /// nil when it is gone or unreadable.
    func fetch(_ key: CacheKey) -> EventLoopFuture<(CacheEntry, HotEntry?)?> {
        self.store.lookup(key).map { entry -> (CacheEntry, HotEntry?)? in
            guard let entry else { return nil }
            return (entry, self.keep(entry, for: key))
        }.recover { _ in nil }
    }

    /// Keeps a 200 entry in the hot cache (when it is on) and returns its hot form.
    @discardableResult
    func keep(_ entry: CacheEntry, for key: CacheKey) -> HotEntry? {
        guard self.hot.isEnabled, entry.status == 200,
            let hot = try? HotEntry(
                hex: key.hex,
                entry: entry,
                confirmedAt: self.nowMilliseconds(),
                maximumBodyBytes: Self.maximumBodyBytes,
                kept: true
            )
        else { return nil }
        self.hot.insert(hot)
        return hot
    }

    /// Files a charged look-up for the router (the request goes there after all) and gives back the charges of
    /// look-ups filed earlier and never taken. Returns the token for ``HitHandoff/field``.
    func handOver(_ lookup: HitLookup, key: CacheKey, caller: AuthenticatedKey, on eventLoop: any EventLoop) -> String {
        let (token, expired) = self.handoff.file(lookup, key: key, caller: caller)
        for filed in expired { self.refund(filed.lookup, caller: filed.caller, on: eventLoop) }
        return token
    }

    /// Gives back a charge that was not used (the request went elsewhere after all).
    func refund(_ lookup: HitLookup, caller: AuthenticatedKey?, on eventLoop: any EventLoop) {
        _ = self.access.refundRequests(caller, charged: lookup.decision, on: eventLoop)
    }
}
