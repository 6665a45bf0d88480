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
            response.headers = Self.merge(decision, into: response.headers)
            return response
        } catch var error as APIError {
            error.headers = Self.merge(decision, into: error.headers)
            throw error
        }
    }

    /// The requests windows first, then what the response or error already reports (the `analyses` windows of a
    /// miss); `X-RateLimit-*` describe whichever window has fewer requests left.
    static func merge(_ decision: RateDecision, into existing: HTTPFields) -> HTTPFields {
        var headers = existing
        var own = HTTPFields()
        RateLimitHeaders.add(decision, to: &own)
        for name in [RateLimitHeaders.policy, RateLimitHeaders.rateLimit] {
            guard let value = own[name] else { continue }
            headers[name] = existing[name].map { value + ", " + $0 } ?? value
        }
        let existingRemaining = existing[RateLimitHeaders.remaining].flatMap { Int($0) } ?? Int.max
        let ownRemaining = own[RateLimitHeaders.remaining].flatMap { Int($0) } ?? Int.max
        if ownRemaining <= existingRemaining {
            for name in [RateLimitHeaders.limit, RateLimitHeaders.remaining, RateLimitHeaders.reset] { headers[name] = own[name] }
        }
        if let degraded = own[RateLimitHeaders.degraded] { headers[RateLimitHeaders.degraded] = degraded }
        return headers
    }
}
