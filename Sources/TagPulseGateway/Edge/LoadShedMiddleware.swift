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

    public let maxInFlight: Int
    private let counter: Counter

    public init(maxInFlight: Int) {
        precondition(maxInFlight > 0, "maxInFlight must be positive")
        self.maxInFlight = maxInFlight
        self.counter = Counter()
    }

    /// Requests being handled right now (for metrics and tests).
    public var inFlight: Int { self.counter.value.load(ordering: .relaxed) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.exemptPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        let admitted = self.counter.value.wrappingAdd(1, ordering: .relaxed).newValue
        defer { self.counter.value.wrappingSubtract(1, ordering: .relaxed) }
        guard admitted <= self.maxInFlight else {
            context.logger.debug("gateway.load_shed.refused", metadata: ["load_shed.in_flight": "\(admitted - 1)"])
            throw APIError.overloaded
        }
        return try await next(request, context)
    }

    /// The count shared by every copy of the middleware (an `Atomic` cannot be copied, so it lives in a class).
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}
