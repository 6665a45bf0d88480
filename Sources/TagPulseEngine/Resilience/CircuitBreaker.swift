import Synchronization

/// One upstream's circuit breaker: after `failureThreshold` consecutive failures it opens and refuses calls for
/// `openDuration` (so a dead upstream costs nothing but a fast error), then lets one trial call through
/// (half-open): success closes it, failure opens it again. Time is injected.
final class CircuitBreaker: Sendable {
    enum State: String, Sendable, Equatable {
        case closed, open, halfOpen = "half_open"
    }

    private struct Storage {
        var state: State = .closed
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var trialInFlight = false
    }

    let name: String
    let failureThreshold: Int
    let openDuration: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let storage = Mutex(Storage())

    init(
        name: String,
        failureThreshold: Int = 5,
        openDuration: Duration = .seconds(10),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.name = name
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
        self.now = now
    }

    var state: State { self.storage.withLock { $0.state } }

    /// Whether a call may go out now; in half-open, only one trial at a time. Seconds until the breaker may let a
    /// call through are returned when it refuses.
    func admit() -> (allowed: Bool, retryAfter: Duration?) {
        let now = self.now()
        return self.storage.withLock { storage in
            switch storage.state {
            case .closed:
                return (true, nil)
            case .open:
                let reopensAt = (storage.openedAt ?? now) + self.openDuration
                guard now >= reopensAt else { return (false, reopensAt - now) }
                storage.state = .halfOpen
                storage.trialInFlight = true
                return (true, nil)
            case .halfOpen:
                guard !storage.trialInFlight else { return (false, self.openDuration) }
                storage.trialInFlight = true
                return (true, nil)
            }
        }
    }

    func recordSuccess() {
        self.storage.withLock { storage in
            storage = Storage()
        }
    }

    /// A failure that says something about the upstream's health (timeouts, 5xx, connection errors); a client
    /// error (a 404 for an unknown hashtag) is not one.
    func recordFailure() {
        let now = self.now()
        self.storage.withLock { storage in
            storage.consecutiveFailures += 1
            storage.trialInFlight = false
            if storage.state == .halfOpen || storage.consecutiveFailures >= self.failureThreshold {
                storage.state = .open
                storage.openedAt = now
            }
        }
    }
}
