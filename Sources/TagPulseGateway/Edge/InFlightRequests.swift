import TagPulseResilience

/// What this instance is working on: the one count and caps shared by the router (``LoadShedMiddleware``,
/// `APIKeyMiddleware`) and the event-loop hit path, so every answer is shed and counted the same way
/// (`http.max_in_flight` for the instance, `http.max_in_flight_per_client` per client).
public final class InFlightRequests: Sendable {
    public let perClient: ClientInFlightLimiter
    private let count: CountingLimit

    public init(maxInFlight: Int, maxPerClient: Int) {
        precondition(maxInFlight > 0, "maxInFlight must be positive")
        self.count = CountingLimit(limit: maxInFlight)
        self.perClient = ClientInFlightLimiter(maxPerClient: maxPerClient)
    }

    public var maxInFlight: Int { self.count.limit }

    /// Counts one request in; false (and nothing counted) when the instance is at its cap.
    func enter() -> Bool {
        self.count.take()
    }

    func leave() {
        self.count.give()
    }

    /// Whether a request answered within the call that decides it would be let in: the instance is under its cap, and
    /// under the per-client one, which no client can have reached while the whole instance has fewer in progress. Such
    /// an answer is never in progress after the call returns, so it is not counted: counting it in and out changes no
    /// count anyone else sees, and costs two atomic updates, a lock and a dictionary look-up (the event loop's leased
    /// hits; ``EventLoopHits``).
    func admitsAnswerWithinCall() -> Bool {
        self.count.current < min(self.count.limit, self.perClient.maxPerClient)
    }

    /// Requests being handled right now.
    public var current: Int { self.count.current }
}
