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

    /// Takes a slot for `client`; false (and nothing taken) when it has ``maxPerClient`` already. One hash of the
    /// client when it has requests in progress (changed where it lies), two when it is new.
    func acquire(_ client: String) -> Bool {
        self.counts.withLock { counts in
            guard let index = counts.index(forKey: client) else {
                counts[client] = 1
                return true
            }
            guard counts.values[index] < self.maxPerClient else { return false }
            counts.values[index] += 1
            return true
        }
    }

    /// Gives back a slot taken by ``acquire(_:)``: one hash of the client.
    func release(_ client: String) {
        self.counts.withLock { counts in
            guard let index = counts.index(forKey: client) else { return }
            if counts.values[index] > 1 {
                counts.values[index] -= 1
            } else {
                counts.remove(at: index)
            }
        }
    }

    /// Requests `client` has in progress (tests).
    public func inFlight(_ client: String) -> Int { self.counts.withLock { $0[client, default: 0] } }
}
