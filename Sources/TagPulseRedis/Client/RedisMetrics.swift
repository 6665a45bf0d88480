import CoreMetrics
import NIOCore

/// A client's command latency (`tagpulse_redis_command_duration_seconds{client}`, one sample per send or pipeline)
/// and failures (`tagpulse_redis_errors_total{client,kind}`, kind `timeout`, `connection` or `reply`).
public struct RedisMetrics: Sendable {
    let duration: Timer
    let timeouts: Counter
    let connectionErrors: Counter
    let replyErrors: Counter

    /// - Parameter client: the label value naming this client (`control`, `cache`); never an address.
    public init(client: String, factory: any MetricsFactory = MetricsSystem.factory) {
        self.duration = Timer(label: "tagpulse_redis_command_duration_seconds", dimensions: [("client", client)], factory: factory)
        func errors(_ kind: String) -> Counter {
            Counter(label: "tagpulse_redis_errors_total", dimensions: [("client", client), ("kind", kind)], factory: factory)
        }
        self.timeouts = errors("timeout")
        self.connectionErrors = errors("connection")
        self.replyErrors = errors("reply")
    }

    /// Records `future`'s outcome when it completes (no task, one callback).
    func observe<Value>(_ future: EventLoopFuture<Value>, startedAt start: NIODeadline, isErrorReply: @escaping @Sendable (Value) -> Bool) {
        future.whenComplete { result in
            self.duration.recordNanoseconds((NIODeadline.now() - start).nanoseconds)
            switch result {
            case .success(let value):
                if isErrorReply(value) { self.replyErrors.increment() }
            case .failure(let error):
                switch (error as? RedisClientError)?.code {
                case .some(.timeout): self.timeouts.increment()
                case .some(.server): self.replyErrors.increment()
                default: self.connectionErrors.increment()
                }
            }
        }
    }
}
