import Synchronization

/// The requests in flight on one connection, by `id`: rejects a duplicate id and finds the target of `cancel`.
final class ConnectionRequests: Sendable {
    private let inFlight = Mutex<[String: RequestCanceller]>([:])

    /// Registers `id`; nil when a request with that id is already in flight.
    func register(_ id: String) -> RequestCanceller? {
        self.inFlight.withLock { requests in
            guard requests[id] == nil else { return nil }
            let canceller = RequestCanceller()
            requests[id] = canceller
            return canceller
        }
    }

    func finish(_ id: String) {
        _ = self.inFlight.withLock { $0.removeValue(forKey: id) }
    }

    /// Fires the canceller of `id`; false when no such request is in flight.
    func cancel(_ id: String) -> Bool {
        guard let canceller = self.inFlight.withLock({ $0[id] }) else { return false }
        canceller.cancel()
        return true
    }
}
