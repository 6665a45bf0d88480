import NIOCore
import TagPulseRedis
import TagPulseWire

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

    /// `token` (by default a new random one) when the lease was free and is now this caller's; nil when someone else
    /// holds it. A failure without a reply (`.timeout`, `.connectionClosed`) leaves it unknown whether the lease was
    /// granted: ask again with the same token (``reacquire(_:ttl:token:)``).
    public func acquire(_ key: CacheKey, ttl: Duration, token: String = FillLease.token()) -> EventLoopFuture<String?> {
        self.redis.send(.set(self.keyspace.lease(key), .string(token), expireMilliseconds: Self.milliseconds(ttl), condition: .ifNotExists))
            .map { reply in reply.isNull ? nil : token }
    }

    /// For a caller whose ``acquire(_:ttl:token:)`` got no reply: true when the lease is `token`'s (granted then, or
    /// free and taken now), false when another holds it (`redis/lease-reacquire.lua`).
    public func reacquire(_ key: CacheKey, ttl: Duration, token: String) -> EventLoopFuture<Bool> {
        self.redis.evalScript(.leaseReacquire, keys: [self.keyspace.lease(key)], arguments: [.string(token), .int(Self.milliseconds(ttl))])
            .map { $0.int == 1 }
    }

    /// Frees the lease if `token` still holds it.
    public func release(_ key: CacheKey, token: String) -> EventLoopFuture<Bool> {
        self.redis.evalScript(.leaseRelease, keys: [self.keyspace.lease(key)], arguments: [.string(token)]).map { $0.int == 1 }
    }

    /// Announces on every instance that `key` was filled.
    public func announceFilled(_ key: CacheKey) -> EventLoopFuture<Void> {
        self.redis.send(.publish(self.keyspace.noticesChannel, .string("filled " + key.hex))).map { _ in () }
    }

    static func milliseconds(_ ttl: Duration) -> Int {
        max(1, Int(ttl.milliseconds))
    }

    public static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36) + String(generator.next() as UInt64, radix: 36)
    }
}
