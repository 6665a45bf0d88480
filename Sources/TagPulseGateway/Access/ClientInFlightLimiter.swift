import Synchronization

/// Caps the requests one client (all of its keys) has in progress on this instance (`http.max_in_flight_per_client`,
/// by default a quarter of `http.max_in_flight`), so one tenant cannot take the whole instance — for instance with
/// bodies trickled a byte at a time — while others are refused with 503 `OVERLOADED`.
public final class ClientInFlightLimiter: Sendable {
    public let maxPerClient: Int
    private let counts = Mutex<[String: Int]>([:])

    public init(maxPerClient: Int) {
        self.maxPerClient = max(1, maxPerClient)
    }

    /// Takes a slot for `client`; false (and nothing taken) when it has ``maxPerClient`` already.
    func acquire(_ client: String) -> Bool {
        self.counts.withLock { counts in
            let current = counts[client, default: 0]
            guard current < self.maxPerClient else { return false }
            counts[client] = current + 1
            return true
        }
    }

    /// Gives back a slot taken by ``acquire(_:)``.
    func release(_ client: String) {
        self.counts.withLock { counts in
            let remaining = counts[client, default: 1] - 1
            counts[client] = remaining > 0 ? remaining : nil
        }
    }

    /// Requests `client` has in progress (tests).
    public func inFlight(_ client: String) -> Int { self.counts.withLock { $0[client, default: 0] } }
}
