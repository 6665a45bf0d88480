import Synchronization

/// Admits at most `limit` analyses at once; past that the engine answers `OVERLOADED` at once instead of
/// queueing without bound (DESIGN §2). Lock-free.
final class ConcurrencyLimiter: Sendable {
    let limit: Int
    private let current = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    var inUse: Int { self.current.load(ordering: .relaxed) }

    /// Takes a permit if one is free.
    func tryAcquire() -> Bool {
        var value = self.current.load(ordering: .relaxed)
        while value < self.limit {
            let (exchanged, original) = self.current.compareExchange(
                expected: value,
                desired: value + 1,
                ordering: .acquiringAndReleasing
            )
            if exchanged { return true }
            value = original
        }
        return false
    }

    func release() {
        self.current.subtract(1, ordering: .acquiringAndReleasing)
    }
}
