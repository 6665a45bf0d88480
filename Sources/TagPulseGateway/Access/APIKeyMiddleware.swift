import Foundation
import HTTPTypes
import Hummingbird
import TagPulseAccess

/// Guards a route group: the key comes from `Authorization: Bearer <key>` or `X-API-Key: <key>` and must carry
/// one of `scopes` (usually one; the warm-up routes take `warm` or `admin`). A missing or wrong key is a 401 problem (the original answered 403 or a plain 500, spec §2.2), a
/// missing scope a 403. Every request whose key is not already cached as valid is charged to the caller's IP (the
/// `ip` policy) *before* the key store is asked, so keys cannot be guessed fast and an address past the limit gets
/// 429 without costing Redis a lookup; a key that turns out valid has that charge refunded. With no key configured
/// every request is refused: the gateway never runs open by accident. A client with `http.max_in_flight_per_client`
/// requests already in progress on this instance gets 429 `TOO_MANY_IN_FLIGHT` (before its body is read).
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    let access: GatewayAccess
    let scopes: [KeyScope]
    /// Caps each client's requests in progress on this instance (nil: no cap).
    let inFlight: ClientInFlightLimiter?

    init(access: GatewayAccess, scope: KeyScope, inFlight: ClientInFlightLimiter? = nil) {
        self.init(access: access, anyOf: [scope], inFlight: inFlight)
    }

    init(access: GatewayAccess, anyOf scopes: [KeyScope], inFlight: ClientInFlightLimiter? = nil) {
        self.access = access
        self.scopes = scopes
        self.inFlight = inFlight
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(in: request.headers) else {
            _ = try await self.chargeAddress(context: context)
            try self.refuse(.unauthorized, context: context)
        }
        let key: AuthenticatedKey
        if let cached = self.access.authenticator.cachedKey(presented) {
            // A valid key this instance knows: no Redis work, and the address is never charged.
            key = cached
        } else {
            // A key that needs the store (or is known bad): the address is charged first, so an address over
            // `ratelimit.ip` is refused before any key-store lookup. A key that turns out valid gets it back. A key
            // this instance already knows valid (its record only due for a refresh) is never charged to its address:
            // a flood from the same address cannot lock it out.
            let charged = self.access.authenticator.recognizes(presented) ? nil : try await self.chargeAddress(context: context)
            do {
                key = try await self.access.authenticator.authenticate(presented)
            } catch .unavailable {
                self.refundAddress(charged, context: context)
                throw APIError.keyStoreUnavailable
            } catch {
                try self.refuse(APIError(error), context: context)
            }
            self.refundAddress(charged, context: context)
        }
        var context = context
        context.key = key
        context.trace.keyID = key.id
        context.logger[metadataKey: "apikey.id"] = .string(key.id)
        guard self.scopes.contains(where: { key.scopes.contains($0) }) else { throw APIError.forbidden(anyOf: self.scopes) }
        guard let inFlight = self.inFlight else { return try await next(request, context) }
        guard inFlight.acquire(key.client) else {
            context.logger.info("gateway.client_in_flight.refused", metadata: ["client_in_flight.limit": .stringConvertible(inFlight.maxPerClient)])
            throw APIError.tooManyInFlight(limit: inFlight.maxPerClient)
        }
        defer { inFlight.release(key.client) }
        return try await next(request, context)
    }

    /// Logs and throws `error`.
    private func refuse(_ error: APIError, context: Context) throws -> Never {
        context.logger.info("gateway.auth.rejected", metadata: ["error.code": "\(error.code)"])
        throw error
    }

    /// Charges one attempt to the caller's address (the `ip` policy; an IPv6 address by its network); a refusal
    /// is a 429. Returns what was charged (nil: no limiter, or no TCP peer).
    private func chargeAddress(context: Context) async throws -> (subject: RateSubject, decision: RateDecision)? {
        guard let limiter = self.access.limiter, let address = context.clientAddress, !limiter.settings.ip.isEmpty else { return nil }
        let subject = RateSubject.clientAddress(address, ipv6Prefix: limiter.settings.ipv6Prefix)
        let decision: RateDecision
        do {
            decision = try await limiter.decide(limiter.settings.ip.map { (subject, $0) })
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard decision.allowed else {
            context.logger.info("gateway.auth.address_limited", metadata: ["ratelimit.policies": "\(decision.violated.map(\.policy.name))"])
            throw APIError.rateLimited(decision)
        }
        return (subject, decision)
    }

    /// Gives back an address charge (the key was valid), without waiting: only when Redis took the charge.
    private func refundAddress(_ charged: (subject: RateSubject, decision: RateDecision)?, context: Context) {
        guard let charged, let limiter = self.access.limiter, charged.decision.tookCharge else { return }
        _ = limiter.decide(limiter.settings.ip.map { (charged.subject, $0) }, cost: -1, on: limiter.eventLoopGroup.any())
    }

    /// The key a request presents, if any: a Bearer token (scheme case-insensitive) or the X-API-Key header.
    /// A repeated field counts as its values joined (`a, b`), as `HTTPFields`' subscript gives them: never a valid key.
    static func presentedKey(in headers: HTTPFields) -> String? {
        // One pass for both fields: the subscript builds a joined string of each field's values on every request.
        var authorization: String?
        var apiKey: String?
        var repeated = false
        for field in headers {
            if field.name == .authorization {
                repeated = repeated || authorization != nil
                authorization = field.value
            } else if field.name == Self.apiKeyHeader {
                repeated = repeated || apiKey != nil
                apiKey = field.value
            }
        }
        if repeated {
            authorization = headers[.authorization]
            apiKey = headers[Self.apiKeyHeader]
        }
        return Self.presentedKey(authorization: authorization, apiKey: apiKey)
    }

    /// The key in an `Authorization` value (a Bearer token) or else an `X-API-Key` value.
    static func presentedKey(authorization: String?, apiKey: String?) -> String? {
        if let authorization {
            // The usual `Bearer <token>` without allocating; anything else takes the general path below.
            let utf8 = authorization.utf8
            if utf8.count > 7, utf8[utf8.index(utf8.startIndex, offsetBy: 6)] == UInt8(ascii: " "),
                zip(utf8.prefix(6), "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 })
            {
                let token = Self.trimmed(authorization.dropFirst(7))
                return token.isEmpty ? nil : token
            }
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].utf8.count == 6, parts[0].lowercased() == "bearer" {
                let token = Self.trimmed(parts[1])
                return token.isEmpty ? nil : token
            }
            return nil
        }
        if let key = apiKey.map({ Self.trimmed($0[...]) }), !key.isEmpty { return key }
        return nil
    }

    /// Without spaces and tabs at either end (Foundation's trimming is slow on the hot path).
    static func trimmed(_ text: Substring) -> String {
        let utf8 = text.utf8
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else { return "" }
        return String(Substring(utf8[first...last]))
    }
}
