import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis

/// Wakes requests waiting for another instance's fill: listens on `tp:events:cache` (`filled <hash>`) and resumes
/// every local waiter of that hash.
///
/// Pub/sub loses notices while its connection is down and a notice can come between a waiter's lookup and its
/// registration, so waiters wait in short slices and look the entry up again after each (see ``wait(for:timeout:)``).
public final class FillNotices: Service, Sendable {
    let redis: RedisClient
    let keyspace: CacheKeyspace
    let logger: Logger
    /// Told of every notice (the gateway's hot cache drops what it holds for a filled or purged key, and everything
    /// on a resubscription).
    let observer: (@Sendable (CacheNotice) -> Void)?
    private let waiters = Mutex<[String: [UInt64: CheckedContinuation<Bool, Never>]]>([:])
    private let nextID = Atomic<UInt64>(0)

    public init(redis: RedisClient, keyspace: CacheKeyspace, logger: Logger, observer: (@Sendable (CacheNotice) -> Void)? = nil) {
        self.observer = observer
        self.redis = redis
        self.keyspace = keyspace
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            // Every (re)subscription: notices published while it was down are lost.
            let subscription = self.redis.subscribe(to: [self.keyspace.noticesChannel]) { self.observer?(.subscribed) }
            for await message in subscription {
                guard let notice = CacheNotice(payload: String(buffer: message.payload)) else { continue }
                self.observer?(notice)
                if case .filled(let hex) = notice { self.notify(hex) }
            }
        }
    }

    /// Resumes every waiter of `hex` (also called by this instance's own fills, without the round trip).
    public func notify(_ hex: String) {
        let woken = self.waiters.withLock { $0.removeValue(forKey: hex) } ?? [:]
        for continuation in woken.values { continuation.resume(returning: true) }
    }

    /// Waits until a `filled` notice for `hex` arrives (true) or `timeout` passes or the task is cancelled (false).
    public func wait(for hex: String, timeout: Duration) async -> Bool {
        let id = self.nextID.add(1, ordering: .relaxed).newValue
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.suspend(hex, id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Waiters currently registered (for tests).
    public var waiting: Int { self.waiters.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// Registers the waiter unless its task is already cancelled. The check and the registration happen under the
    /// lock the cancellation handler takes, so a cancellation is seen by one of the two, and a waiter a notice already
    /// took leaves nothing behind (an earlier version marked late cancellations, and nothing removed those marks).
    private func suspend(_ hex: String, _ id: UInt64) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let registered = self.waiters.withLock { waiters -> Bool in
                    guard !Task.isCancelled else { return false }
                    waiters[hex, default: [:]][id] = continuation
                    return true
                }
                if !registered { continuation.resume(returning: false) }
            }
        } onCancel: {
            let continuation = self.waiters.withLock { waiters -> CheckedContinuation<Bool, Never>? in
                guard let continuation = waiters[hex]?.removeValue(forKey: id) else { return nil }
                if waiters[hex]?.isEmpty == true { waiters[hex] = nil }
                return continuation
            }
            continuation?.resume(returning: false)
        }
    }
}
