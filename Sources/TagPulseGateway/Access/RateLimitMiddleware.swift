import HTTPTypes
import Hummingbird
import TagPulseAccess

/// Charges every authenticated request to its client's `requests` windows (one `EVALSHA` for all of them) and
/// adds the rate-limit headers to the response, errors included. A refused request is a 429 that consumed nothing.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let access: GatewayAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let limiter = self.access.limiter, let key = context.key, let tier = self.access.tier(named: key.tier) else {
            return try await next(request, context)
        }
        let decision: RateDecision
        do {
            decision = try await limiter.decide(tier.requests.map { (RateSubject.client(key.client), $0) })
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard decision.allowed else {
            context.logger.info("gateway.ratelimit.limited", metadata: ["ratelimit.policies": "\(decision.violated.map(\.policy.name))"])
            throw APIError.rateLimited(decision)
        }
        var context = context
        context.requestsDecision = decision
        do {
            var response = try await next(request, context)
            RateLimitHeaders.add(decision, to: &response.headers)
            return response
        } catch var error as APIError {
            error.headers = Self.merge(decision, into: error.headers)
            throw error
        }
    }

    /// The requests windows first, then what the error already reports (an `analyses` refusal).
    static func merge(_ decision: RateDecision, into existing: HTTPFields) -> HTTPFields {
        var headers = HTTPFields()
        RateLimitHeaders.add(decision, to: &headers)
        for name in [RateLimitHeaders.policy, RateLimitHeaders.rateLimit] {
            if let own = headers[name], let other = existing[name] { headers[name] = own + ", " + other }
        }
        for field in existing where field.name != RateLimitHeaders.policy && field.name != RateLimitHeaders.rateLimit {
            headers[field.name] = field.value
        }
        return headers
    }
}
