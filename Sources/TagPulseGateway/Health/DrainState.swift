import Synchronization

/// Whether this instance is draining: set once, at SIGTERM, by ``DrainGate``. Read on every request by `/readyz`
/// (503 `DRAINING`) and by the HTTP pipeline (`Connection: close` on every response), so load balancers stop
/// sending new work while in-flight requests finish.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)
    private let began = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public var isDraining: Bool { self.draining.load(ordering: .relaxed) }

    /// When draining began; nil before SIGTERM.
    public var beganAt: ContinuousClock.Instant? { self.began.withLock { $0 } }

    /// Starts draining; there is no way back (the process is stopping).
    public func begin(at instant: ContinuousClock.Instant = .now) {
        self.began.withLock { $0 = $0 ?? instant }
        self.draining.store(true, ordering: .relaxed)
    }
}
