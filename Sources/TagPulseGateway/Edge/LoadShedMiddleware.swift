import Hummingbird
import Synchronization

/// Caps the requests one gateway instance works on at once (`http.max_in_flight`). A request over the cap is
/// refused at once with a 503 `OVERLOADED` problem and `Retry-After: 1`, instead of queueing behind the others and
/// timing out for everyone; the load balancer or client retries elsewhere. `/healthz` and `/readyz` are never shed,
/// so an overloaded instance is not mistaken for a dead one.
///
/// A request counts from the moment it reaches this middleware until its handler has returned the response (a
/// streamed body may still be leaving).
public struct LoadShedMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    static let exemptPaths: Set<String> = ["/healthz", "/readyz"]

    public let requests: InFlightRequests
    public var maxInFlight: Int { self.requests.maxInFlight }

    public init(maxInFlight: Int) {
        self.init(requests: InFlightRequests(maxInFlight: maxInFlight, maxPerClient: maxInFlight))
    }

    /// Counts into `requests`, shared with the event-loop hit path.
    public init(requests: InFlightRequests) {
        self.requests = requests
    }

    /// Requests being handled right now (for metrics and tests).
    public var inFlight: Int { self.requests.current }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.exemptPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard self.requests.enter() else {
            context.logger.debug("gateway.load_shed.refused", metadata: ["load_shed.in_flight": "\(self.requests.current)"])
            throw APIError.overloaded
        }
        defer { self.requests.leave() }
        return try await next(request, context)
    }
}
