import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis
import TagPulseWire

/// Keeps this gateway instance's heartbeat in Redis and the count of live instances in memory, for the `local`
/// degraded mode (each instance enforces limit ÷ live instances).
///
/// Every `interval` it writes `ZADD tp:gw:instances <now> <id>`, drops members silent for `expiry`, and reads the
/// count, in one pipeline. While Redis is away the last count is kept. On shutdown it removes its own member.
public final class InstanceRegistry: Service, Sendable {
    public let instanceID: String
    private let redis: RedisClient
    private let keyspace: AccessKeyspace
    private let interval: Duration
    private let expiry: Duration
    private let nowMilliseconds: @Sendable () -> Int64
    private let logger: Logger
    private let live = Atomic<Int>(1)

    public init(
        instanceID: String,
        redis: RedisClient,
        keyspace: AccessKeyspace,
        interval: Duration = .seconds(1),
        expiry: Duration = .seconds(5),
        nowMilliseconds: @escaping @Sendable () -> Int64,
        logger: Logger
    ) {
        self.instanceID = instanceID
        self.redis = redis
        self.keyspace = keyspace
        self.interval = interval
        self.expiry = expiry
        self.nowMilliseconds = nowMilliseconds
        self.logger = logger
    }

    /// Live gateway instances, this one included (at least 1).
    public var liveInstances: Int { self.live.load(ordering: .relaxed) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.beat()
                try? await Task.sleep(for: self.interval)
            }
        }
        _ = try? await self.redis.send(RedisCommand("ZREM", [.string(self.keyspace.instances), .string(self.instanceID)]))
    }

    /// One heartbeat; public so tests can drive it without waiting.
    public func beat() async {
        let now = self.nowMilliseconds()
        let expiryMilliseconds = Int(self.expiry.milliseconds)
        let key = self.keyspace.instances
        do {
            let replies = try await self.redis.pipeline([
                RedisCommand("ZADD", [.string(key), .int(Int(now)), .string(self.instanceID)]),
                RedisCommand("ZREMRANGEBYSCORE", [.string(key), "-inf", .string("(\(now - Int64(expiryMilliseconds)))")]),
                RedisCommand("PEXPIRE", [.string(key), .int(expiryMilliseconds * 4)]),
                RedisCommand("ZCARD", [.string(key)]),
            ])
            if case .success(let count) = replies[3], let count = count.int {
                self.live.store(max(1, count), ordering: .relaxed)
            }
        } catch {
            self.logger.debug("gateway.instances.heartbeat_failed", metadata: ["error.code": "\(error.code)"])
        }
    }
}
