import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis

/// Runs the warm-up jobs this instance accepted, as a `Service`: at most ``WarmSettings/maxRunningJobs`` jobs at
/// once (later ones wait `queued`, up to ``WarmSettings/maxQueuedJobs``), each with at most its `concurrency` items
/// in flight, all as child tasks of ``run()`` (no stray tasks).
///
/// Every change is written to the job's hash (``WarmJobStore``), so any instance answers `GET /v1/admin/warm/{job}`;
/// a heartbeat every ``WarmSettings/heartbeatInterval`` into each job it holds lets the others report `stalled` when
/// this instance dies.
///
/// Every job is also stored with its items' requests and listed in `<prefix>warm:jobs`; every instance looks
/// through that list for jobs whose owner stopped heartbeating and takes them over, resuming from where they stopped.
///
/// Graceful shutdown: no new job is accepted and no further item is started; items in flight finish (each is bounded
/// by the engine request timeout); every item not started is marked `failed` with `WARM_INTERRUPTED`, and the job
/// `done`, so a client sees at once what to submit again.
public final class WarmRunner: Service, Sendable {
    /// Why a job is in ``held``.
    enum Hold: Sendable, Equatable {
        /// Accepted here, or taken over: this instance owns it and heartbeats it.
        case owned
        /// Reserved by the take-over scan while its claim is in flight: still another owner's, so never heartbeated
        /// (a heartbeat landing before the claim would make the claim fail and the job look alive, owned by nobody).
        case claiming
    }

    struct Job: Sendable {
        var id: WarmJobID
        var items: [WarmItem]
        var concurrency: Int
        /// The indexes still to run: all of them for a new job, the unfinished ones for a resumed one.
        var pending: [Int]

        init(id: WarmJobID, items: [WarmItem], concurrency: Int, pending: [Int]? = nil) {
            self.id = id
            self.items = items
            self.concurrency = concurrency
            self.pending = pending ?? Array(items.indices)
        }
    }

    let cache: AnalysisCache
    public let store: WarmJobStore
    let settings: WarmSettings
    /// This instance's id (`instance.id`), recorded as each job's owner.
    let owner: String
    public let counters: WarmCounters
    let nowMilliseconds: @Sendable () -> Int64
    let random: @Sendable () -> UInt64
    let logger: Logger
    /// Jobs held here and not finished (queued or running), for admission; heartbeats go only to those ``Hold/owned``.
    let held = Mutex<[WarmJobID: Hold]>([:])
    private let stopping = Atomic<Bool>(false)
    private let stream: AsyncStream<Job>
    let continuation: AsyncStream<Job>.Continuation

    public init(
        cache: AnalysisCache,
        store: WarmJobStore,
        settings: WarmSettings,
        owner: String,
        counters: WarmCounters = WarmCounters(),
        nowMilliseconds: @escaping @Sendable () -> Int64,
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: 0...UInt64.max) },
        logger: Logger
    ) {
        self.cache = cache
        self.store = store
        self.settings = settings
        self.owner = owner
        self.counters = counters
        self.nowMilliseconds = nowMilliseconds
        self.random = random
        self.logger = logger
        (self.stream, self.continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// True once graceful shutdown began: no job is accepted, no item started.
    var isStopping: Bool { self.stopping.load(ordering: .acquiring) }

    /// Jobs held here (queued or running).
    var heldCount: Int { self.held.withLock { $0.count } }

    /// Records a new job (`queued`, every item `pending`) and queues it; 503 when this instance is full or stopping,
    /// or Redis cannot store it (then nothing is queued).
    func submit(_ request: WarmRequest) async throws(APIError) -> WarmJobState {
        let id = WarmJobID.generate(self.random)
        let capacity = self.settings.maxRunningJobs + self.settings.maxQueuedJobs
        let admitted = self.held.withLock { held in
            guard !self.isStopping, held.count < capacity else { return false }
            held[id] = .owned
            return true
        }
        guard admitted else { throw self.isStopping ? APIError.warmUnavailable("this gateway instance is shutting down") : APIError.warmQueueFull }
        let now = self.nowMilliseconds()
        let job = WarmJobState(
            id: id,
            phase: .queued,
            owner: self.owner,
            createdAt: now,
            updatedAt: now,
            heartbeatAt: now,
            concurrency: request.concurrency,
            items: request.items.map { WarmItemState(kind: $0.kind, target: $0.params.target, status: .pending) }
        )
        var stored = job
        stored.requests = request.items
        let created: Bool
        do {
            created = try await self.store.create(stored)
        } catch {
            _ = self.held.withLock { $0.removeValue(forKey: id) }
            throw .warmUnavailable("the job could not be recorded in Redis; retry shortly")
        }
        guard created else {
            // 131 random bits collided: a bug in the random source, never chance.
            _ = self.held.withLock { $0.removeValue(forKey: id) }
            throw .internalError
        }
        // Indexed for the other instances' take-over scan; a job missing from the index is only never resumed.
        try? await self.store.index(id)
        self.continuation.yield(Job(id: id, items: request.items, concurrency: request.concurrency))
        return job
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.heartbeats() }
                group.addTask { await self.takeOverStalledJobs() }
                await self.workJobs()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .releasing)
            self.continuation.finish()
        }
        self.continuation.finish()
    }

    /// Takes jobs from the queue, at most `maxRunningJobs` at once; returns when the queue is finished and drained.
    private func workJobs() async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await job in self.stream {
                if running >= self.settings.maxRunningJobs {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.execute(job) }
                running += 1
            }
        }
    }

    /// Writes `heartbeat_at` into every job this instance owns, every `heartbeatInterval`, until cancelled.
    private func heartbeats() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: self.settings.heartbeatInterval)
            } catch {
                return
            }
            await self.heartbeatOnce()
        }
    }

    /// One pass of ``heartbeats()``: the jobs owned here, not those whose take-over claim is in flight.
    func heartbeatOnce() async {
        let now = String(self.nowMilliseconds())
        for id in self.held.withLock({ held in held.compactMap { $0.value == .owned ? $0.key : nil } }) {
            _ = try? await self.store.update(id, [("heartbeat_at", now)])
        }
    }

    /// Runs one job's items, `concurrency` at a time, then marks it done (or `cancelled`, when a client asked it to
    /// stop: the items in flight finish, the others are `cancelled`).
    private func execute(_ job: Job) async {
        defer { _ = self.held.withLock { $0.removeValue(forKey: job.id) } }
        let started = await self.write(job.id, [("status", WarmJobState.Phase.running.rawValue)])
        guard started != .refused else { return }
        self.logger.info("gateway.warm.job_started", metadata: ["warm.job": "\(job.id)", "warm.items": "\(job.items.count)"])
        let cursor = ItemCursor(count: job.items.count, pending: job.pending)
        if started == .cancelRequested { cursor.markCancelled() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, min(job.concurrency, job.pending.count)) {
                group.addTask {
                    while !self.isStopping, !cursor.isLost, !cursor.isCancelled, let index = cursor.next() {
                        switch await self.process(job, index: index) {
                        case .finished: continue
                        case .finishedThenCancelled: cursor.markCancelled()
                        case .notStarted: cursor.giveBack(index)
                        case .gone: cursor.markLost()
                        }
                    }
                }
            }
        }
        if cursor.isLost {
            self.logger.warning("gateway.warm.job_lost", metadata: ["warm.job": "\(job.id)"])
            return
        }
        let cancelled = cursor.isCancelled
        let skipped = cursor.untaken
        var fields = skipped.map { index in
            let item = job.items[index]
            let state =
                cancelled
                ? WarmItemState(kind: item.kind, target: item.params.target, status: .cancelled)
                : WarmItemState(kind: item.kind, target: item.params.target, status: .failed, error: .interrupted)
            return (field: WarmJobState.itemField(index), value: WarmJobState.encode(state))
        }
        if !cancelled { for _ in skipped { self.counters.record(.failed) } }
        fields.append(("status", (cancelled ? WarmJobState.Phase.cancelled : .done).rawValue))
        _ = await self.write(job.id, fields)
        try? await self.store.unindex(job.id)
        self.logger.info(
            cancelled ? "gateway.warm.job_cancelled" : "gateway.warm.job_finished",
            metadata: ["warm.job": "\(job.id)", "warm.not_started": .stringConvertible(skipped.count)]
        )
    }

    /// How one item went, for its worker.
    enum ItemResult {
        case finished
        /// Finished, and a client asked the job to stop meanwhile.
        case finishedThenCancelled
        /// A client asked the job to stop before this item started: not run (stored `cancelled` with the others).
        case notStarted
        /// The job is gone from Redis.
        case gone
    }

    /// Warms item `index`, recording `running` and then its outcome.
    private func process(_ job: Job, index: Int) async -> ItemResult {
        let item = job.items[index]
        var state = WarmItemState(kind: item.kind, target: item.params.target, status: .running)
        switch await self.write(job.id, [(WarmJobState.itemField(index), WarmJobState.encode(state))]) {
        case .refused: return .gone
        case .cancelRequested: return .notStarted
        case .written: break
        }
        let outcome = await self.warm(item, requestID: "\(job.id)-\(index)")
        state.status = outcome.status
        state.error = outcome.error
        self.counters.record(outcome.status)
        switch await self.write(job.id, [(WarmJobState.itemField(index), WarmJobState.encode(state))]) {
        case .refused: return .gone
        case .cancelRequested: return .finishedThenCancelled
        case .written: return .finished
        }
    }

    /// Writes `fields` and `updated_at`; `.refused` only when the job no longer exists. A Redis failure is logged and
    /// the job goes on (its stored state lags; with no heartbeat getting through either, readers see it `stalled`).
    private func write(_ id: WarmJobID, _ fields: [(field: String, value: String)]) async -> WarmJobStore.Written {
        do {
            return try await self.store.updateReporting(id, fields + [("updated_at", String(self.nowMilliseconds()))])
        } catch {
            self.logger.info("gateway.warm.state_write_failed", metadata: ["warm.job": "\(id)", "redis.error": "\(error.code)"])
            return .written
        }
    }
}

/// Hands out a job's pending item indexes in order to its workers; an item refused because the job was cancelled
/// comes back (``untaken`` lists it with those never handed out).
private final class ItemCursor: Sendable {
    private struct State {
        var next = 0
        var lost = false
        var cancelled = false
        var returned: [Int] = []
    }

    private let state = Mutex(State())
    let pending: [Int]

    init(count: Int, pending: [Int]? = nil) { self.pending = pending ?? Array(0..<count) }

    func next() -> Int? {
        self.state.withLock { state in
            guard state.next < self.pending.count else { return nil }
            defer { state.next += 1 }
            return self.pending[state.next]
        }
    }

    var isLost: Bool { self.state.withLock { $0.lost } }
    func markLost() { self.state.withLock { $0.lost = true } }

    var isCancelled: Bool { self.state.withLock { $0.cancelled } }
    func markCancelled() { self.state.withLock { $0.cancelled = true } }

    /// `index` was handed out but not run: the job was cancelled.
    func giveBack(_ index: Int) {
        self.state.withLock { state in
            state.cancelled = true
            state.returned.append(index)
        }
    }

    /// The indexes never run: never handed out, or handed back.
    var untaken: [Int] {
        self.state.withLock { state in (state.returned + self.pending[state.next...]).sorted() }
    }
}
