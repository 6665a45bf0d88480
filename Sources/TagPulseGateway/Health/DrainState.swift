import Synchronization

/// Whether this instance is draining: set once, at SIGTERM, by ``DrainGate``. Read on every request by `/readyz`
/// (503 `DRAINING`) and by the HTTP pipeline (`Connection: close` on every response), so load balancers stop
/// sending new work while in-flight requests finish.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { self.draining.load(ordering: .relaxed) }

    /// Starts draining; there is no way back (the process is stopping).
    public func begin() {
        self.draining.store(true, ordering: .relaxed)
    }
}
