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
            response.headers = RateLimitHeaders.merge(decision, into: response.headers)
            return response
        } catch var error as APIError {
            error.headers = RateLimitHeaders.merge(decision, into: error.headers)
            throw error
        }
    }
}
