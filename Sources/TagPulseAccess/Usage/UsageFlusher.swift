import Logging
import ServiceLifecycle

/// Writes the ``UsageRecorder``'s counts to Redis every `usage.flush_interval_ms`, in one pipelined round trip
/// (``UsageStore/write(_:)``), never on a request's path. What could not be written goes back into the recorder and
/// is written with the next flush; on graceful shutdown a last flush runs after the HTTP server has drained (it is
/// ordered before it in the service group), retried for up to `finalAttempts` × `retryDelay` while Redis is away.
public struct UsageFlusher: Service {
    let recorder: UsageRecorder
    let store: UsageStore
    let interval: Duration
    let logger: Logger
    var finalAttempts = 5
    var retryDelay: Duration = .milliseconds(200)

    public init(recorder: UsageRecorder, store: UsageStore, interval: Duration, logger: Logger) {
        self.recorder = recorder
        self.store = store
        self.interval = interval
        self.logger = logger
    }

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
        let left = self.recorder.take()
        self.logger.error(
            "gateway.usage.lost_at_exit",
            metadata: ["usage.buckets": "\(left.count)", "usage.requests": "\(left.values.reduce(0) { $0 + $1.requests })"]
        )
    }

    /// One flush: takes what is held and writes it; what failed goes back. True when nothing is left unwritten.
    @discardableResult
    public func flush() async -> Bool {
        let batch = self.recorder.take()
        guard !batch.isEmpty else { return true }
        let unwritten = await self.store.write(batch)
        guard !unwritten.isEmpty else { return true }
        self.recorder.restore(unwritten)
        self.logger.warning("gateway.usage.flush_failed", metadata: ["usage.buckets": "\(unwritten.count)"])
        return false
    }
}
