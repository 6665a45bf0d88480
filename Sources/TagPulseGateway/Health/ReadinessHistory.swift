import Synchronization

/// Whether this instance has passed every readiness check at least once since it started. Until it has, a
/// dependency its degraded modes could do without still makes it not ready: a starting instance has nothing to fall
/// back on (no key cached, no decision of Redis's seen), so "degraded" would mean refusing every stored key with 503
/// and deciding every limit alone. The degraded modes are for an instance that loses Redis, not one that never had it.
final class ReadinessHistory: Sendable {
    private let passed = Atomic<Bool>(false)

    init() {}

    /// True once ``notePassed()`` was called.
    var hasPassed: Bool { self.passed.load(ordering: .relaxed) }

    /// Every check passed.
    func notePassed() {
        self.passed.store(true, ordering: .relaxed)
    }
}
