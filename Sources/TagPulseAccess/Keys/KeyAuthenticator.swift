import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis

/// Verifies presented keys against the key store, with a short in-memory cache so a hit costs no Redis round trip.
///
/// - A record is cached for ``Settings/cacheTTL`` (an unknown id for ``Settings/negativeTTL``), each kind in its own
///   least-recently-used table, so unknown ids (a bad-key flood) never evict valid keys. Every change to a
///   key is published on `tp:events:keys`; `run()` listens and drops the cached copy at once, so a revocation
///   reaches every instance within a round trip. The TTL is the fallback when a notice is lost (pub/sub drops
///   messages while its connection is down).
/// - Races: each change bumps the key's generation, announced with the notice; a lookup answered before a change
///   but finished after its notice is not cached (neither is a copy older than an announced generation). Every
///   time the subscription is (re)made every cached record becomes unconfirmed, which makes good any notice lost
///   meanwhile: an unconfirmed record is read again from the store before it is used, and serves only as the stale
///   copy below when the store cannot answer. (Dropping the records instead refused every stored key with 503 for
///   the moments after a Redis restart in which the subscription was back before the commands, and charged each
///   request to the `ip` window meanwhile: hundreds of 429s for valid keys in the proof harness's R2.)
/// - While the store is unreachable, a cached record older than its TTL is still used for up to
///   ``Settings/staleTTL``; a key never seen gets ``AuthenticationError/unavailable``.
/// - A key in use on the event-loop hit path is read again in the background once its copy is three quarters of
///   ``Settings/cacheTTL`` old (one read per id at a time), so its requests never find the copy expired and each
///   wait for a read of its own.
/// - `last_used` is written at most once per ``Settings/touchInterval`` per key and instance, without waiting.
public final class KeyAuthenticator: Service, Sendable {
    public struct Settings: Sendable {
        public var cacheTTL: Int64
        public var negativeTTL: Int64
        public var staleTTL: Int64
        public var touchInterval: Int64
        /// Most cached key records (ids the store knows); least recently used dropped first.
        public var capacity: Int
        /// Most cached unknown ids ("no such key"), kept apart from the records so a flood of made-up ids never
        /// pushes a valid key out; least recently used dropped first.
        public var negativeCapacity: Int

        /// The age at which a copy still in use is read again in the background: three quarters of ``cacheTTL``.
        public var refreshAfter: Int64 { self.cacheTTL - self.cacheTTL / 4 }

        public init(
            cacheTTLMilliseconds: Int64 = 5_000,
            negativeTTLMilliseconds: Int64 = 1_000,
            staleTTLMilliseconds: Int64 = 300_000,
            touchIntervalMilliseconds: Int64 = 60_000,
            capacity: Int = 10_000,
            negativeCapacity: Int = 10_000
        ) {
            self.cacheTTL = cacheTTLMilliseconds
            self.negativeTTL = negativeTTLMilliseconds
            self.staleTTL = staleTTLMilliseconds
            self.touchInterval = touchIntervalMilliseconds
            self.capacity = capacity
            self.negativeCapacity = negativeCapacity
        }
    }

    struct Cached: Sendable {
        var record: KeyRecord
        var fetched: Int64
        var touched: Int64
        /// `record.digest` read once, when cached (nil: malformed, matches no key).
        var digest: KeyDigest?
        /// ``CacheState/sequence`` when it was read: older than ``CacheState/clearedAt`` means unconfirmed.
        var readAt: UInt64

        init(record: KeyRecord, fetched: Int64, touched: Int64, readAt: UInt64) {
            self.record = record
            self.fetched = fetched
            self.touched = touched
            self.digest = record.storedDigest
            self.readAt = readAt
        }
    }

    /// The two caches: records of ids the store knows, and ids it does not (with when that was learnt); and what
    /// keeps a lookup that raced a change notice from caching what it read (see ``Lookup``).
    struct CacheState: Sendable {
        var records: LRUTable<String, Cached>
        var unknown: LRUTable<String, Int64>
        /// The highest generation announced per id: a copy older than it is never cached.
        var announced: LRUTable<String, Int64>
        /// Counts drops (notices, resubscriptions); `dropped[id]` and `clearedAt` say when an id or everything was
        /// last dropped, so a lookup that started before a drop does not cache its answer.
        var sequence: UInt64 = 0
        var dropped: LRUTable<String, UInt64>
        var clearedAt: UInt64 = 0
        /// Ids with a refresh-ahead read in flight (``KeyAuthenticator/refreshAhead(_:store:now:)``).
        var refreshing: Set<String> = []

        /// Whether `cached` was read since the subscription was last (re)made (else it is only a stale copy).
        func isConfirmed(_ cached: Cached) -> Bool { cached.readAt >= self.clearedAt }
    }

    /// A store lookup in flight: begun at ``CacheState/sequence``.
    struct Lookup: Sendable {
        var id: String
        var sequence: UInt64
        var cached: Cached?
        /// `cached` was read since the subscription was last (re)made.
        var confirmed: Bool
        var unknownSince: Int64?
    }

    let store: KeyStore?
    let bootstrap: BootstrapKey?
    let bootstrapTier: String
    let settings: Settings
    let nowMilliseconds: @Sendable () -> Int64
    let logger: Logger
    let cache: Mutex<CacheState>
    /// Counts changes to what ``cachedKey(_:)`` answers (``changes``).
    let changeCount = Atomic<UInt64>(0)
    /// The bootstrap key as authenticated, built once.
    var bootstrapKey: AuthenticatedKey {
        AuthenticatedKey(id: BootstrapKey.keyID, client: BootstrapKey.keyID, tier: self.bootstrapTier, scopes: KeyScope.all)
    }

    /// - Parameters:
    ///   - store: nil when the gateway runs without the key store (only the bootstrap key works).
    ///   - bootstrap: the key from configuration, accepted with every scope.
    public init(
        store: KeyStore?,
        bootstrap: BootstrapKey?,
        bootstrapTier: String,
        settings: Settings = .init(),
        nowMilliseconds: @escaping @Sendable () -> Int64,
        logger: Logger
    ) {
        self.store = store
        self.bootstrap = bootstrap
        self.bootstrapTier = bootstrapTier
        self.settings = settings
        self.nowMilliseconds = nowMilliseconds
        self.logger = logger
        self.cache = Mutex(
            CacheState(
                records: LRUTable(capacity: settings.capacity),
                unknown: LRUTable(capacity: settings.negativeCapacity),
                announced: LRUTable(capacity: settings.capacity),
                dropped: LRUTable(capacity: settings.capacity)
            )
        )
    }

    /// The caller behind `presented`.
    public func authenticate(_ presented: String) async throws(AuthenticationError) -> AuthenticatedKey {
        let digest = KeyDigest(of: presented)
        if let bootstrap = self.bootstrap, bootstrap.matches(digest) {
            return AuthenticatedKey(id: BootstrapKey.keyID, client: BootstrapKey.keyID, tier: self.bootstrapTier, scopes: Set(KeyScope.allCases))
        }
        guard let key = APIKey(parsing: presented), let store = self.store else { throw .invalid }
        let now = self.nowMilliseconds()
        let record = try await self.record(id: key.id, store: store, now: now)
        guard let record, record.matches(digest) else { throw .invalid }
        if record.revokedMilliseconds != nil { throw .revoked }
        guard record.isLive(at: now) else { throw .expired }
        self.touchIfDue(record.id, store: store, now: now)
        return AuthenticatedKey(id: record.id, client: record.client, tier: record.tier, scopes: record.scopes)
    }

    /// The caller behind `presented` when that can be known without waiting: the bootstrap key, or a key whose
    /// record is cached and within its TTL. Nil means "ask ``authenticate(_:)``" (not "invalid"). For the event-loop
    /// hit path; does not record `last_used` more often than ``authenticate(_:)`` does.
    public func cachedKey(_ presented: String) -> AuthenticatedKey? {
        // Hashed once: the bootstrap check and the record's both compare this digest.
        let digest = KeyDigest(of: presented)
        if let bootstrap = self.bootstrap, bootstrap.matches(digest) { return self.bootstrapKey }
        guard let key = APIKey(parsing: presented), let store = self.store else { return nil }
        let now = self.nowMilliseconds()
        guard let (cached, confirmed) = self.liveCachedRecord(key, digest: digest, at: now), confirmed,
            now - cached.fetched < self.settings.cacheTTL
        else { return nil }
        let record = cached.record
        if now - cached.fetched >= self.settings.refreshAfter { self.refreshAhead(record.id, store: store, now: now) }
        self.touchIfDue(record.id, store: store, now: now)
        return AuthenticatedKey(id: record.id, client: record.client, tier: record.tier, scopes: record.scopes)
    }

    /// Moves after every change to what ``cachedKey(_:)`` can answer: a record cached or dropped, an id learnt
    /// unknown, every record unconfirmed. An answer remembered with the count read before it was given stands while
    /// the count is the same, except for what only time changes (a key's `not_after`, the cache TTL).
    public var changes: UInt64 { self.changeCount.load(ordering: .acquiring) }

    /// True when `presented` is a key this instance has seen valid and still holds a record of — its cached copy may
    /// be past `auth.cache_ttl_ms` or unconfirmed (it is looked up again), but it matches and is live. The per-IP
    /// charge for unknown keys is not taken for these: a client whose address a bad-key flood shares (a NAT, an
    /// untrusted proxy) keeps working.
    public func recognizes(_ presented: String) -> Bool {
        let digest = KeyDigest(of: presented)
        if let bootstrap = self.bootstrap, bootstrap.matches(digest) { return true }
        guard let key = APIKey(parsing: presented), self.store != nil else { return false }
        return self.liveCachedRecord(key, digest: digest, at: self.nowMilliseconds()) != nil
    }

    /// The cached record of `key`, whatever its age, when its digest is `digest` (the presented key's) and it is live
    /// at `now`; and whether it was read since the subscription was last (re)made.
    private func liveCachedRecord(_ key: APIKey, digest: KeyDigest, at now: Int64) -> (Cached, confirmed: Bool)? {
        let found = self.cache.withLock { cache in cache.records.get(key.id).map { ($0, cache.isConfirmed($0)) } }
        guard let (cached, confirmed) = found, cached.digest?.matches(digest) == true, cached.record.isLive(at: now) else { return nil }
        return (cached, confirmed)
    }

    /// Starts a lookup of `id`: what is cached, and the drop sequence it began at.
    func beginLookup(_ id: String) -> Lookup {
        self.cache.withLock { cache in
            let cached = cache.records.get(id)
            return Lookup(
                id: id,
                sequence: cache.sequence,
                cached: cached,
                confirmed: cached.map(cache.isConfirmed) ?? false,
                unknownSince: cache.unknown.get(id)
            )
        }
    }

    /// Caches what a lookup read, unless the id (or everything) was dropped since it began, or the copy is older
    /// than a generation already announced: then the answer serves its own request only. Returns whether it cached.
    @discardableResult
    func finishLookup(_ lookup: Lookup, record: KeyRecord?, now: Int64) -> Bool {
        let cached = self.cache.withLock { cache in
            let droppedSince = cache.clearedAt > lookup.sequence || (cache.dropped.peek(lookup.id) ?? 0) > lookup.sequence
            let outdated = record.map { $0.generation < (cache.announced.peek(lookup.id) ?? Int64.min) } ?? false
            guard !droppedSince, !outdated else { return false }
            if let record {
                cache.unknown.remove(lookup.id)
                cache.records.set(
                    lookup.id,
                    Cached(record: record, fetched: now, touched: cache.records.peek(lookup.id)?.touched ?? 0, readAt: cache.sequence)
                )
            } else {
                cache.records.remove(lookup.id)
                cache.unknown.set(lookup.id, now)
            }
            return true
        }
        if cached { self.changeCount.add(1, ordering: .releasing) }
        return cached
    }

    private func record(id: String, store: KeyStore, now: Int64) async throws(AuthenticationError) -> KeyRecord? {
        let lookup = self.beginLookup(id)
        let cached = lookup.cached
        if let cached, lookup.confirmed, now - cached.fetched < self.settings.cacheTTL { return cached.record }
        if let unknownSince = lookup.unknownSince, now - unknownSince < self.settings.negativeTTL { return nil }
        do {
            let record = try await store.record(id: id)
            if !self.finishLookup(lookup, record: record, now: now) {
                self.logger.debug("gateway.auth.lookup_not_cached", metadata: ["apikey.id": "\(id)"])
            }
            return record
        } catch {
            if let cached, now - cached.fetched < self.settings.staleTTL {
                self.logger.debug("gateway.auth.stale_record", metadata: ["apikey.id": "\(id)", "error.code": "\(error.code)"])
                return cached.record
            }
            self.logger.warning("gateway.auth.store_unavailable", metadata: ["error.code": "\(error.code)"])
            throw .unavailable
        }
    }

    private func touchIfDue(_ id: String, store: KeyStore, now: Int64) {
        let due = self.cache.withLock { cache -> Bool in
            guard var entry = cache.records.peek(id), now - entry.touched >= self.settings.touchInterval else { return false }
            entry.touched = now
            cache.records.set(id, entry)
            return true
        }
        if due { store.touch(id: id, at: now) }
    }
}
