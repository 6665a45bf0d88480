import Logging
import NIOCore
import Synchronization
import TagPulseRedis

/// What the engine behind this gateway analyses with — provider, analyzer and default model — as part of every
/// cache key: a different analyzer or model is a different answer.
///
/// Asked with the engine's `stats` method, remembered for a minute (``lifetime``), and shared through Redis
/// (`tp:engine:identity`), so a gateway that starts while its engine is down can still serve what is cached.
/// ``EngineIdentityRefresher`` asks again before the minute is out: the event-loop hit path reads only memory, and an
/// identity left to expire would send every hit to the router (and hand the front's connections to the HTTP codecs
/// for good) until some request refreshed it.
final class EngineIdentity: Sendable {
    /// How long a fetched identity is used without asking the engine again.
    static let lifetime: Int64 = 60_000
    /// The age from which the refresher asks again (a third of the lifetime is left for a slow or failed answer).
    static let refreshAge: Int64 = 40_000

    struct Value: Sendable, Hashable {
        var analyzer: String
        var defaultModel: String
    }

    let engine: any AnalysisEngine
    let redis: RedisClient?
    let redisKey: String
    let nowMilliseconds: @Sendable () -> Int64
    let logger: Logger
    private let state = Mutex<(value: Value, fetched: Int64)?>(nil)

    init(engine: any AnalysisEngine, redis: RedisClient?, keyPrefix: String, nowMilliseconds: @escaping @Sendable () -> Int64, logger: Logger) {
        self.engine = engine
        self.redis = redis
        self.redisKey = GatewayKeyspace(prefix: keyPrefix).engineIdentity
        self.nowMilliseconds = nowMilliseconds
        self.logger = logger
    }

    /// The identity when known in memory and under a minute old (the event-loop hit path; nil: ask ``current``).
    var cachedValue: Value? {
        self.cachedValue(at: self.nowMilliseconds())
    }

    /// The same at `now`, read by the caller from this instance's clock.
    func cachedValue(at now: Int64) -> Value? {
        self.state.withLock { state in state.flatMap { now - $0.fetched < Self.lifetime ? $0.value : nil } }
    }

    /// Asks the engine again when the identity in memory is ``refreshAge`` old or more (or unknown): the refresher's
    /// step. True when it asked.
    @discardableResult
    func refreshIfDue(requestID: String) async -> Bool {
        let now = self.nowMilliseconds()
        if let known = self.state.withLock({ $0 }), now - known.fetched < Self.refreshAge { return false }
        _ = await self.current(requestID: requestID, maximumAge: 0)
        return true
    }

    /// The identity, from memory when under a minute old; nil only when neither the engine nor Redis know it.
    func current(requestID: String) async -> Value? {
        await self.current(requestID: requestID, maximumAge: Self.lifetime)
    }

    private func current(requestID: String, maximumAge: Int64) async -> Value? {
        let now = self.nowMilliseconds()
        let known = self.state.withLock { $0 }
        if let known, now - known.fetched < maximumAge { return known.value }
        do {
            let stats = try await self.engine.stats(requestID: requestID, timeout: .milliseconds(500))
            let value = Value(analyzer: "\(stats.provider)/\(stats.analyzer)", defaultModel: stats.defaultModel ?? "")
            self.state.withLock { $0 = (value, now) }
            if value != known?.value, let redis = self.redis {
                let _: EventLoopFuture<RESPValue> = redis.send(.set(self.redisKey, .string(value.analyzer + "\n" + value.defaultModel)))
            }
            return value
        } catch {
            if let known { return known.value }
            guard let redis = self.redis, let text = (try? await redis.send(.get(self.redisKey)))?.string else { return nil }
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { return nil }
            self.logger.info("gateway.cache.identity_from_redis")
            let value = Value(analyzer: parts[0], defaultModel: parts[1])
            self.state.withLock { $0 = (value, now - Self.lifetime + 10_000) }  // ask the engine again in 10 s
            return value
        }
    }
}
