import Synchronization

/// A count with a ceiling, taken and given back from any thread without a lock: the engine's concurrent analyses
/// (`engine.max_concurrent_analyses`), the gateway's requests in flight (`http.max_in_flight`) and its open
/// descriptors for hot bodies. A take never lifts the count past ``limit``, not even for a moment, so two takers racing
/// for the last unit cannot both be refused.
public final class CountingLimit: Sendable {
    public let limit: Int
    private let count = Atomic<Int>(0)

    public init(limit: Int) {
        self.limit = limit
    }

    /// Units taken and not given back.
    public var current: Int { self.count.load(ordering: .relaxed) }

    /// Takes one unit if the count is under the limit; false, and nothing taken, otherwise.
    public func take() -> Bool {
        var value = self.count.load(ordering: .relaxed)
        while value < self.limit {
            let (exchanged, original) = self.count.compareExchange(expected: value, desired: value + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            value = original
        }
        return false
    }

    /// Gives back one unit taken with ``take()``.
    public func give() {
        self.count.subtract(1, ordering: .acquiringAndReleasing)
    }
}
