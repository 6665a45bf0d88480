import Logging
import ServiceLifecycle
import Synchronization

/// Writes the ``UsageRecorder``'s counts to Redis every `usage.flush_interval_ms`, in one round trip
/// (``UsageStore/write(_:number:)``), never on a request's path; on graceful shutdown a last flush runs after the
/// HTTP server has drained (it is ordered before it in the service group), retried for up to `finalAttempts` ×
/// `retryDelay` while Redis is away.
///
/// Exactly once: each write has a number, and a write that Redis did not (wholly) confirm is kept aside and sent
/// again with the same number before anything newer is written (while it waits, new counts stay in the recorder).
/// A hash Redis refuses (an error reply: another type at its key) is dropped with an error log and counted in
/// `tagpulse_usage_dropped_total`, since sending it again would fail again.
public struct UsageFlusher: Service {
    let recorder: UsageRecorder
    let store: UsageStore
    let interval: Duration
    let logger: Logger
    var finalAttempts = 5
    var retryDelay: Duration = .milliseconds(200)
    private let pending = Pending()

    public init(recorder: UsageRecorder, store: UsageStore, interval: Duration, logger: Logger) {
        self.recorder = recorder
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// The write waiting to be sent again, with its number.
    private final class Pending: Sendable {
        let write = Mutex<(number: Int64, batch: [UsageBucket: UsageCounts])?>(nil)
    }

    /// Counts held but not yet in Redis: the recorder's and the write waiting to be sent again.
    public var unwrittenBuckets: Int { self.recorder.pending.count + (self.pending.write.withLock { $0?.batch.count } ?? 0) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                _ = await self.flush()
            }
        }
        for attempt in 1...max(1, self.finalAttempts) {
            if await self.flush() { return }
            if attempt < self.finalAttempts { try? await Task.sleep(for: self.retryDelay) }
        }
        var left = self.recorder.take()
        if let waiting = self.pending.write.withLock({ $0 }) { left.merge(waiting.batch) { $0 + $1 } }
        self.logger.error(
            "gateway.usage.lost_at_exit",
            metadata: ["usage.buckets": "\(left.count)", "usage.requests": "\(left.values.reduce(0) { $0 + $1.requests })"]
        )
    }

    /// One flush: the write waiting to be sent again first (same number), then what the recorder holds (a new
    /// number). True when nothing is left unwritten.
    @discardableResult
    public func flush() async -> Bool {
        if let waiting = self.pending.write.withLock({ $0 }) {
            guard await self.send(waiting.batch, number: waiting.number) else { return false }
        }
        let batch = self.recorder.take()
        guard !batch.isEmpty else { return true }
        return await self.send(batch, number: self.store.nextNumber())
    }

    /// Writes one numbered batch; keeps what Redis did not confirm for the next flush. True when all of it is written.
    private func send(_ batch: [UsageBucket: UsageCounts], number: Int64) async -> Bool {
        let outcome = await self.store.write(batch, number: number)
        if !outcome.refused.isEmpty {
            self.recorder.countDropped(outcome.refused.count)
            self.logger.error("gateway.usage.write_refused", metadata: ["usage.buckets": "\(outcome.refused.count)"])
        }
        self.pending.write.withLock { $0 = outcome.unwritten.isEmpty ? nil : (number, outcome.unwritten) }
        guard outcome.unwritten.isEmpty else {
            self.logger.warning("gateway.usage.flush_failed", metadata: ["usage.buckets": "\(outcome.unwritten.count)"])
            return false
        }
        return true
    }
}
