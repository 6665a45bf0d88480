import Foundation
import HTTPTypes
import Hummingbird
import TagPulseAccess

/// Guards a route group: the key comes from `Authorization: Bearer <key>` or `X-API-Key: <key>` and must carry
/// one of `scopes` (usually one; the warm-up routes take `warm` or `admin`). A missing or wrong key is a 401 problem (the original answered 403 or a plain 500, spec §2.2), a
/// missing scope a 403. Unauthenticated and failed-auth requests are charged to the caller's IP (the `ip`
/// policy), so keys cannot be guessed fast: past the limit they get 429 instead of 401. With no key configured
/// every request is refused: the gateway never runs open by accident.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    let access: GatewayAccess
    let scopes: [KeyScope]

    init(access: GatewayAccess, scope: KeyScope) {
        self.init(access: access, anyOf: [scope])
    }

    init(access: GatewayAccess, anyOf scopes: [KeyScope]) {
        self.access = access
        self.scopes = scopes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(in: request.headers) else {
            try await self.refuse(.unauthorized, context: context)
        }
        let key: AuthenticatedKey
        do {
            key = try await self.access.authenticator.authenticate(presented)
        } catch .unavailable {
            throw APIError.keyStoreUnavailable
        } catch {
            try await self.refuse(APIError(error), context: context)
        }
        var context = context
        context.key = key
        context.trace.keyID = key.id
        context.logger[metadataKey: "apikey.id"] = .string(key.id)
        guard self.scopes.contains(where: { key.scopes.contains($0) }) else { throw APIError.forbidden(anyOf: self.scopes) }
        return try await next(request, context)
    }

    /// Charges the failed attempt to the caller's IP, then throws `error` (or a 429 once the IP is over its limit).
    private func refuse(_ error: APIError, context: Context) async throws -> Never {
        context.logger.info("gateway.auth.rejected", metadata: ["error.code": "\(error.code)"])
        if let limiter = self.access.limiter, let address = context.clientAddress {
            let decision: RateDecision
            do {
                let subject = RateSubject.clientAddress(address, ipv6Prefix: limiter.settings.ipv6Prefix)
                decision = try await limiter.decide(limiter.settings.ip.map { (subject, $0) })
            } catch {
                throw APIError.rateLimitUnavailable
            }
            if !decision.allowed { throw APIError.rateLimited(decision) }
        }
        throw error
    }

    /// The key a request presents, if any: a Bearer token (scheme case-insensitive) or the X-API-Key header.
    static func presentedKey(in headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].utf8.count == 6, parts[0].lowercased() == "bearer" {
                let token = Self.trimmed(parts[1])
                return token.isEmpty ? nil : token
            }
            return nil
        }
        if let key = headers[Self.apiKeyHeader].map({ Self.trimmed($0[...]) }), !key.isEmpty { return key }
        return nil
    }

    /// Without spaces and tabs at either end (Foundation's trimming is slow on the hot path).
    static func trimmed(_ text: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[first...last])
    }
}
