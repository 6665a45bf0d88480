import Logging
import ServiceLifecycle
import Synchronization
import TagPulseCache
import TagPulseWire

/// Background refreshes for entries served stale-while-revalidate: a bounded queue worked by
/// at most ``CacheSettings/refreshConcurrency`` child tasks of the service's own task group (no stray tasks).
///
/// A key is queued once per instance at a time, and refreshed once across the fleet: the refresh goes through the
/// same fill as a miss (single-flight, then the fill lease), so an instance that finds the lease taken waits for the
/// holder instead of calling the engine. Refreshes are charged to the fleet's `upstream` budget only.
final class CacheRefresher: Service, Sendable {
    struct Job: Sendable {
        var kind: AnalysisKind
        var params: AnalysisParams
        var key: CacheKey
        var requestID: String
    }

    let logger: Logger
    let concurrency: Int
    private let queued = Mutex<Set<String>>([])
    private let stream: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    /// Set once the cache exists (the cache and its refresher refer to each other).
    private let fill = Mutex<(@Sendable (Job) async throws -> Void)?>(nil)

    init(concurrency: Int, queueLimit: Int = 1000, logger: Logger) {
        self.logger = logger
        self.concurrency = max(1, concurrency)
        (self.stream, self.continuation) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingNewest(queueLimit))
    }

    /// No refresh queued or running (tests wait for it before cleaning up).
    var isIdle: Bool { self.queued.withLock { $0.isEmpty } }

    func attach(_ fill: @escaping @Sendable (Job) async throws -> Void) {
        self.fill.withLock { $0 = fill }
    }

    /// Queues a refresh of `key` unless one is already queued or running here.
    func enqueue(kind: AnalysisKind, params: AnalysisParams, key: CacheKey, requestID: String) {
        let fresh = self.queued.withLock { $0.insert(key.hex).inserted }
        guard fresh else { return }
        if case .dropped(let job) = self.continuation.yield(Job(kind: kind, params: params, key: key, requestID: requestID)) {
            _ = self.queued.withLock { $0.remove(job.key.hex) }
            self.logger.info("gateway.cache.refresh_dropped")
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for await job in self.stream {
                    if running >= self.concurrency {
                        await group.next()
                        running -= 1
                    }
                    group.addTask { await self.refresh(job) }
                    running += 1
                }
            }
        }
        self.continuation.finish()
    }

    private func refresh(_ job: Job) async {
        defer { _ = self.queued.withLock { $0.remove(job.key.hex) } }
        guard let fill = self.fill.withLock({ $0 }) else { return }
        do {
            try await fill(job)
            self.logger.debug("gateway.cache.refreshed", metadata: ["request.id": "\(job.requestID)"])
        } catch {
            self.logger.info("gateway.cache.refresh_failed", metadata: ["request.id": "\(job.requestID)", "error.type": "\(type(of: error))"])
        }
    }
}
