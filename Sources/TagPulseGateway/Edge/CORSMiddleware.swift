import Foundation
import HTTPTypes
import Hummingbird

/// Applies the ``CORSPolicy``. Sits right inside the tracing middleware and outside everything that can fail, so
/// error responses (401, 429, 503 …) carry the CORS headers too and a browser can read their problem bodies.
///
/// - Policy off: adds nothing, answers nothing.
/// - Preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`): answered here, never routed: 204 with
///   the allowed methods and headers, `Access-Control-Max-Age` and `Vary: Origin` for an allowed origin; a 403
///   `CORS_ORIGIN_NOT_ALLOWED` problem for any other.
/// - Other requests: routed as usual; an allowed origin gets `Access-Control-Allow-Origin`, the exposed headers and,
///   for exact lists, `Access-Control-Allow-Credentials`. With an exact list every response says `Vary: Origin`,
///   because caches must not hand one origin's answer to another.
public struct CORSMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    let policy: CORSPolicy

    public init(policy: CORSPolicy) {
        self.policy = policy
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard self.policy.isEnabled else { return try await next(request, context) }
        let origin = request.headers[.origin]
        if request.method == .options, let origin, request.headers[.accessControlRequestMethod] != nil {
            return self.preflight(origin: origin, context: context)
        }
        let allowOrigin = origin.flatMap { self.policy.allowOrigin(for: $0) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response(requestID: context.requestID)
        }
        self.decorate(&response.headers, allowOrigin: allowOrigin)
        return response
    }

    func preflight(origin: String, context: Context) -> Response {
        guard let allowOrigin = self.policy.allowOrigin(for: origin) else {
            var response = APIError.corsOriginNotAllowed.response(requestID: context.requestID)
            Self.addVaryOrigin(&response.headers)
            return response
        }
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = allowOrigin
        if self.policy.allowsCredentials { headers[.accessControlAllowCredentials] = "true" }
        headers[.accessControlAllowMethods] = CORSPolicy.allowedMethods
        headers[.accessControlAllowHeaders] = CORSPolicy.allowedHeaders
        headers[.accessControlMaxAge] = String(CORSPolicy.maxAgeSeconds)
        headers[.vary] = "Origin"
        return Response(status: .noContent, headers: headers)
    }

    func decorate(_ headers: inout HTTPFields, allowOrigin: String?) {
        if self.policy.variesByOrigin { Self.addVaryOrigin(&headers) }
        guard let allowOrigin else { return }
        headers[.accessControlAllowOrigin] = allowOrigin
        if self.policy.allowsCredentials { headers[.accessControlAllowCredentials] = "true" }
        headers[.accessControlExposeHeaders] = CORSPolicy.exposedHeaders
    }

    /// Adds `Origin` to `Vary` unless it is there already (or `Vary: *`).
    static func addVaryOrigin(_ headers: inout HTTPFields) {
        let present = headers[values: .vary].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !present.contains("origin"), !present.contains("*") else { return }
        headers.append(HTTPField(name: .vary, value: "Origin"))
    }
}
