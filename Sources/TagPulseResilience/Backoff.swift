/// Reconnect delays: exponential from `minimum` to `maximum` with full jitter (a random delay between zero and the
/// current ceiling, never below half the minimum), so many clients do not reconnect in lock-step. Randomness is
/// injected. Used by the gateway's engine client and the Redis client.
public struct Backoff: Sendable {
    public let minimum: Duration
    public let maximum: Duration
    public private(set) var attempt = 0

    public init(minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// The next delay; `random` returns a value in 0..<1.
    public mutating func next(random: () -> Double) -> Duration {
        let growth = min(self.attempt, 30)
        self.attempt += 1
        var ceiling = self.minimum
        for _ in 0..<growth where ceiling < self.maximum { ceiling = ceiling * 2 }
        ceiling = min(ceiling, self.maximum)
        let jittered = ceiling * max(0, min(1, random()))
        return max(self.minimum / 2, jittered)
    }

    public mutating func reset() { self.attempt = 0 }
}
