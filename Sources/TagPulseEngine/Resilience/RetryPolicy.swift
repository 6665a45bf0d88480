/// Retries with exponential backoff and full jitter (a random delay between zero and the current ceiling),
/// honouring an upstream's `Retry-After`, and never sleeping past the request's deadline. Randomness is injected.
struct RetryPolicy: Sendable {
    /// Calls at most, the first one included.
    var maxAttempts: Int
    var baseDelay: Duration
    var maxDelay: Duration

    init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1), or nil to stop retrying.
    /// - Parameters:
    ///   - retryAfter: what the upstream asked for, if anything; used as the delay when it is longer.
    ///   - remaining: time left before the deadline; no pause may end after it.
    ///   - random: a value in 0..<1.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, remaining: Duration, random: Double) -> Duration? {
        guard attempt < self.maxAttempts else { return nil }
        var ceiling = self.baseDelay
        for _ in 1..<attempt where ceiling < self.maxDelay { ceiling = ceiling * 2 }
        ceiling = min(ceiling, self.maxDelay)
        var pause = ceiling * min(1, max(0, random))
        if let retryAfter, retryAfter > pause { pause = retryAfter }
        guard pause < remaining else { return nil }
        return pause
    }
}
