import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis

/// Keeps cache entries from crowding out control data when both share one Redis with `maxmemory-policy
/// noeviction`: every few seconds it reads `INFO memory`, and above ``threshold`` of `maxmemory` the cache stops
/// storing new entries (they are still served from the engine) until usage falls back under it. Limits, keys,
/// leases and purge marks keep the remaining headroom. With no `maxmemory` set, or a separate cache Redis that
/// evicts, it never closes.
public final class CacheMemoryGuard: Service, Sendable {
    let redis: RedisClient
    let threshold: Double
    let interval: Duration
    let logger: Logger
    private let open = Atomic<Bool>(true)

    public init(redis: RedisClient, threshold: Double = 0.9, interval: Duration = .seconds(5), logger: Logger) {
        self.redis = redis
        self.threshold = threshold
        self.interval = interval
        self.logger = logger
    }

    /// False while the shared Redis is above the threshold.
    public var admitsWrites: Bool { self.open.load(ordering: .relaxed) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.check()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// One reading (public so tests can drive it).
    public func check() async {
        // On Redis Cluster every master is read: writes pause when any of them is near its limit.
        guard let replies = try? await self.redis.sendToEveryMaster(RedisCommand("INFO", ["memory"])) else { return }
        let infos = replies.compactMap(\.string)
        guard !infos.isEmpty else { return }
        let admits = infos.allSatisfy { Self.admitsWrites(info: $0, threshold: self.threshold) }
        let before = self.open.exchange(admits, ordering: .relaxed)
        if before != admits {
            self.logger.warning(
                admits ? "gateway.cache.writes_resumed" : "gateway.cache.writes_paused",
                metadata: ["cache.threshold": .stringConvertible(self.threshold)]
            )
        }
    }

    /// Whether `used_memory` is under `threshold` × `maxmemory` in an `INFO memory` reply (true without a limit, or
    /// with an evicting policy).
    static func admitsWrites(info: String, threshold: Double) -> Bool {
        var fields: [Substring: Substring] = [:]
        for line in info.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let used = fields["used_memory"].flatMap({ Double($0) }), let maximum = fields["maxmemory"].flatMap({ Double($0) }), maximum > 0
        else { return true }
        if let policy = fields["maxmemory_policy"], policy != "noeviction" { return true }
        return used < maximum * threshold
    }
}
