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
/// - While the store is unreachable, a cached record older than its TTL is still used for up to
///   ``Settings/staleTTL``; a key never seen gets ``AuthenticationError/unavailable``.
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
    }

    /// The two caches: records of ids the store knows, and ids it does not (with when that was learnt).
    struct CacheState: Sendable {
        var records: LRUTable<String, Cached>
        var unknown: LRUTable<String, Int64>
    }

    let store: KeyStore?
    let bootstrap: BootstrapKey?
    let bootstrapTier: String
    let settings: Settings
    let nowMilliseconds: @Sendable () -> Int64
    let logger: Logger
    let cache: Mutex<CacheState>

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
        self.cache = Mutex(CacheState(records: LRUTable(capacity: settings.capacity), unknown: LRUTable(capacity: settings.negativeCapacity)))
    }

    /// The caller behind `presented`.
    public func authenticate(_ presented: String) async throws(AuthenticationError) -> AuthenticatedKey {
        if let bootstrap = self.bootstrap, bootstrap.matches(presented) {
            return AuthenticatedKey(id: BootstrapKey.keyID, client: BootstrapKey.keyID, tier: self.bootstrapTier, scopes: Set(KeyScope.allCases))
        }
        guard let key = APIKey(parsing: presented), let store = self.store else { throw .invalid }
        let now = self.nowMilliseconds()
        let record = try await self.record(id: key.id, store: store, now: now)
        guard let record, record.matches(key) else { throw .invalid }
        if record.revokedMilliseconds != nil { throw .revoked }
        guard record.isLive(at: now) else { throw .expired }
        self.touchIfDue(record.id, store: store, now: now)
        return AuthenticatedKey(id: record.id, client: record.client, tier: record.tier, scopes: record.scopes)
    }

    /// The caller behind `presented` when that can be known without waiting: the bootstrap key, or a key whose
    /// record is cached and within its TTL. Nil means "ask ``authenticate(_:)``" (not "invalid"). For the event-loop
    /// hit path; does not record `last_used` more often than ``authenticate(_:)`` does.
    public func cachedKey(_ presented: String) -> AuthenticatedKey? {
        if let bootstrap = self.bootstrap, bootstrap.matches(presented) {
            return AuthenticatedKey(id: BootstrapKey.keyID, client: BootstrapKey.keyID, tier: self.bootstrapTier, scopes: Set(KeyScope.allCases))
        }
        guard let key = APIKey(parsing: presented), let store = self.store else { return nil }
        let now = self.nowMilliseconds()
        guard let cached = self.cache.withLock({ $0.records.get(key.id) }), now - cached.fetched < self.settings.cacheTTL,
            cached.record.matches(key), cached.record.isLive(at: now)
        else { return nil }
        let record = cached.record
        self.touchIfDue(record.id, store: store, now: now)
        return AuthenticatedKey(id: record.id, client: record.client, tier: record.tier, scopes: record.scopes)
    }

    /// Drops the cached copy of `id` (a change notice), or of every key (`nil`).
    public func invalidate(id: String?) {
        self.cache.withLock { cache in
            if let id {
                cache.records.remove(id)
                cache.unknown.remove(id)
            } else {
                cache.records.removeAll()
                cache.unknown.removeAll()
            }
        }
    }

    /// Listens for key change notices until shutdown.
    public func run() async throws {
        guard let store = self.store else { return }
        let channel = store.keyspace.keyEventsChannel
        await cancelWhenGracefulShutdown {
            for await message in store.redis.subscribe(to: [channel]) {
                let text = String(buffer: message.payload)
                let id = text.split(separator: " ").last.map(String.init)
                self.invalidate(id: id)
                self.logger.debug("gateway.auth.key_changed", metadata: ["apikey.id": "\(id ?? "*")"])
            }
        }
    }

    private func record(id: String, store: KeyStore, now: Int64) async throws(AuthenticationError) -> KeyRecord? {
        let (cached, unknownSince) = self.cache.withLock { cache in (cache.records.get(id), cache.unknown.get(id)) }
        if let cached, now - cached.fetched < self.settings.cacheTTL { return cached.record }
        if let unknownSince, now - unknownSince < self.settings.negativeTTL { return nil }
        do {
            let record = try await store.record(id: id)
            self.cache.withLock { cache in
                if let record {
                    cache.unknown.remove(id)
                    cache.records.set(id, Cached(record: record, fetched: now, touched: cache.records.peek(id)?.touched ?? 0))
                } else {
                    cache.records.remove(id)
                    cache.unknown.set(id, now)
                }
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
