import NIOCore
import TagPulseRedis

/// The fleet-wide right to fill one cache entry: `SET tp:cl:{<hash>} <token> NX PX <ttl>` on the control Redis.
///
/// Whoever holds it calls the engine; everyone else waits for the `filled` notice. A holder that dies loses the lease
/// when it expires, and the next waiter to try takes it over. Release is compare-and-delete
/// (`redis/lease-release.lua`), so a holder that outlived its lease never frees its successor's.
public struct FillLease: Sendable {
    let redis: RedisClient
    let keyspace: CacheKeyspace

    public init(redis: RedisClient, keyspace: CacheKeyspace) {
        self.redis = redis
        self.keyspace = keyspace
    }

    /// A random token when the lease was free and is now this caller's; nil when someone else holds it.
    public func acquire(_ key: CacheKey, ttl: Duration) -> EventLoopFuture<String?> {
        let token = Self.token()
        let milliseconds = max(1, Int(ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000))
        return self.redis.send(.set(self.keyspace.lease(key), .string(token), expireMilliseconds: milliseconds, condition: .ifNotExists))
            .map { reply in reply.isNull ? nil : token }
    }

    /// Frees the lease if `token` still holds it.
    public func release(_ key: CacheKey, token: String) -> EventLoopFuture<Bool> {
        self.redis.evalScript(.leaseRelease, keys: [self.keyspace.lease(key)], arguments: [.string(token)]).map { $0.int == 1 }
    }

    /// Announces on every instance that `key` was filled.
    public func announceFilled(_ key: CacheKey) -> EventLoopFuture<Void> {
        self.redis.send(.publish(self.keyspace.noticesChannel, .string("filled " + key.hex))).map { _ in () }
    }

    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36) + String(generator.next() as UInt64, radix: 36)
    }
}
