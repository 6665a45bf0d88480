import Synchronization

/// What this instance is working on: the one count and caps shared by the router (``LoadShedMiddleware``,
/// `APIKeyMiddleware`) and the event-loop hit path, so every answer is shed and counted the same way
/// (`http.max_in_flight` for the instance, `http.max_in_flight_per_client` per client).
public final class InFlightRequests: Sendable {
    public let maxInFlight: Int
    public let perClient: ClientInFlightLimiter
    private let count = Atomic<Int>(0)

    public init(maxInFlight: Int, maxPerClient: Int) {
        precondition(maxInFlight > 0, "maxInFlight must be positive")
        self.maxInFlight = maxInFlight
        self.perClient = ClientInFlightLimiter(maxPerClient: maxPerClient)
    }

    /// Counts one request in; false (and nothing counted) when the instance is at its cap.
    func enter() -> Bool {
        let admitted = self.count.wrappingAdd(1, ordering: .relaxed).newValue
        guard admitted <= self.maxInFlight else {
            self.count.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() {
        self.count.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Requests being handled right now.
    public var current: Int { self.count.load(ordering: .relaxed) }
}
