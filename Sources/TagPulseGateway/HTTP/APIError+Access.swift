import HTTPTypes
import TagPulseAccess

extension APIError {
    /// 429 with `Retry-After` (whole seconds, rounded up), the rate-limit headers and `violated_policies`.
    static func rateLimited(_ decision: RateDecision) -> APIError {
        var error = APIError(
            status: .tooManyRequests,
            code: .rateLimited,
            title: "Rate limit exceeded",
            detail: "retry after \(decision.retryAfterMilliseconds) ms",
            retryAfterSeconds: max(1, RateLimitHeaders.seconds(decision.retryAfterMilliseconds))
        )
        error.violatedPolicies = decision.violated.map(\.policy.name)
        RateLimitHeaders.add(decision, to: &error.headers)
        return error
    }

    static let rateLimitUnavailable = APIError(
        status: .serviceUnavailable,
        code: .rateLimitUnavailable,
        title: "Rate limiting unavailable",
        detail: "the rate limiter cannot decide right now and this deployment refuses requests it cannot count",
        retryAfterSeconds: 1
    )

    static let keyStoreUnavailable = APIError(
        status: .serviceUnavailable,
        code: .keyStoreUnavailable,
        title: "API keys cannot be checked",
        detail: "the key store is unreachable; retry shortly",
        retryAfterSeconds: 1
    )

    static let keyRevoked = APIError(
        status: .unauthorized,
        code: .keyRevoked,
        title: "API key revoked",
        detail: "this key was revoked; use another key of your account"
    )

    static let keyExpired = APIError(
        status: .unauthorized,
        code: .keyExpired,
        title: "API key expired",
        detail: "this key is past its end of validity (after a rotation, use the new key)"
    )

    static func forbidden(_ scope: KeyScope) -> APIError {
        .forbidden(anyOf: [scope])
    }

    /// 403 naming every scope that would do (`'warm' or 'admin'`).
    static func forbidden(anyOf scopes: [KeyScope]) -> APIError {
        APIError(
            status: .forbidden,
            code: .forbidden,
            title: "Missing scope",
            detail: "this endpoint needs a key with the \(scopes.map { "'\($0.rawValue)'" }.joined(separator: " or ")) scope"
        )
    }

    static func keyNotFound(_ id: String) -> APIError {
        APIError(status: .notFound, code: .keyNotFound, title: "No such key", detail: "no key has the id '\(id)'")
    }

    /// 409: rotating a key that no longer works (revoked, or past its `not_after`).
    static func keyNotRotatable(_ id: String, revoked: Bool) -> APIError {
        APIError(
            status: .conflict,
            code: .keyNotRotatable,
            title: "Key cannot be rotated",
            detail: "the key '\(id)' is \(revoked ? "revoked" : "expired"); only a live key can be rotated (create a new one)"
        )
    }

    /// An authentication failure, as the client sees it.
    init(_ error: AuthenticationError) {
        switch error {
        case .invalid: self = .unauthorized
        case .revoked: self = .keyRevoked
        case .expired: self = .keyExpired
        case .unavailable: self = .keyStoreUnavailable
        }
    }
}

extension APIError {
    static let cacheUnavailable = APIError(
        status: .serviceUnavailable,
        code: .cacheUnavailable,
        title: "Cache unavailable",
        detail: "the cache's Redis is unreachable; retry shortly",
        retryAfterSeconds: 1
    )
}
