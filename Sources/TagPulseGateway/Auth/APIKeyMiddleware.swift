import Foundation
import HTTPTypes
import Hummingbird

/// Guards a route group: the key comes from `Authorization: Bearer <key>` or `X-API-Key: <key>`; a missing,
/// malformed or wrong key is a 401 problem (the original answered 403 or a plain 500, spec §2.2). With no key
/// configured every request is refused: the gateway never runs open by accident.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    let bootstrapKey: BootstrapKey?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(in: request.headers), let key = self.bootstrapKey, key.matches(presented) else {
            context.logger.info("gateway.auth.rejected")
            throw APIError.unauthorized
        }
        var context = context
        context.keyID = BootstrapKey.keyID
        context.logger[metadataKey: "apikey.id"] = .string(BootstrapKey.keyID)
        return try await next(request, context)
    }

    /// The key a request presents, if any: a Bearer token (scheme case-insensitive) or the X-API-Key header.
    static func presentedKey(in headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = parts[1].trimmingCharacters(in: .whitespaces)
                return token.isEmpty ? nil : token
            }
            return nil
        }
        if let key = headers[Self.apiKeyHeader]?.trimmingCharacters(in: .whitespaces), !key.isEmpty { return key }
        return nil
    }
}
