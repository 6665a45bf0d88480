import CoreMetrics
import Synchronization

/// Usage counted in memory, per account and UTC day, until ``UsageFlusher`` writes it to Redis: the hit path adds to
/// it with one uncontended-in-practice lock and a dictionary update (no allocation once a bucket exists, no Redis).
///
/// Bounded: at most `maxBuckets` (account, day) entries are held. While Redis is down, counts keep accumulating in
/// the buckets already held; a change for a new bucket past the bound is dropped and counted in
/// `tagpulse_usage_dropped_total` (and ``dropped``), never silently.
public final class UsageRecorder: Sendable {
    public let maxBuckets: Int
    let nowMilliseconds: @Sendable () -> Int64
    private let state = Mutex(State())
    private let droppedCounter: Counter

    struct State {
        var buckets: [UsageBucket: UsageCounts] = [:]
        var dropped: Int64 = 0
        /// The bucket changed last and where it lies: a run of requests of one client and key (the usual case on a
        /// busy instance) compares two short strings and a day instead of hashing them. Cleared whenever `buckets`
        /// gains or loses an entry (which moves what an index points at).
        var last: (bucket: UsageBucket, index: Dictionary<UsageBucket, UsageCounts>.Index)?
    }

    public init(maxBuckets: Int, nowMilliseconds: @escaping @Sendable () -> Int64, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.maxBuckets = max(1, maxBuckets)
        self.nowMilliseconds = nowMilliseconds
        self.droppedCounter = Counter(label: "tagpulse_usage_dropped_total", dimensions: [], factory: metrics)
    }

    /// Adds `change` to `account`'s figures for today (UTC, by the injected clock).
    public func add(_ change: UsageCounts, to account: UsageAccount) {
        self.add(change, to: UsageBucket(account: account, day: UsageDay(unixMilliseconds: self.nowMilliseconds())))
    }

    /// Adds `change` to one bucket; false when it was dropped (a new bucket past the bound).
    @discardableResult
    public func add(_ change: UsageCounts, to bucket: UsageBucket) -> Bool {
        let kept = self.state.withLock { state -> Bool in
            if let last = state.last, last.bucket == bucket {
                state.buckets.values[last.index] += change
                return true
            }
            // One hash of the bucket when it exists, its figures changed in place.
            if let index = state.buckets.index(forKey: bucket) {
                state.buckets.values[index] += change
                state.last = (bucket, index)
                return true
            }
            guard state.buckets.count < self.maxBuckets else {
                state.dropped += 1
                return false
            }
            state.buckets[bucket] = change
            state.last = nil
            return true
        }
        if !kept { self.droppedCounter.increment() }
        return kept
    }

    /// Everything held, emptied: the flusher's batch.
    public func take() -> [UsageBucket: UsageCounts] {
        self.state.withLock { state in
            defer {
                state.buckets = [:]
                state.last = nil
            }
            return state.buckets
        }
    }

    /// Gives back a batch that could not be written (merged with what was counted meanwhile, within the bound).
    public func restore(_ batch: [UsageBucket: UsageCounts]) {
        for (bucket, counts) in batch { self.add(counts, to: bucket) }
    }

    /// Counts `buckets` dropped elsewhere (a write Redis refused), like the changes dropped at the bound.
    public func countDropped(_ buckets: Int) {
        guard buckets > 0 else { return }
        self.state.withLock { $0.dropped += Int64(buckets) }
        self.droppedCounter.increment(by: Int64(buckets))
    }

    /// What is held now, without taking it (tests, diagnostics).
    public var pending: [UsageBucket: UsageCounts] { self.state.withLock { $0.buckets } }

    /// Changes dropped since start because the bound was reached.
    public var dropped: Int64 { self.state.withLock { $0.dropped } }
}
