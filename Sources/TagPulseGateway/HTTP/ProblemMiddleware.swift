import Hummingbird
import Logging
import NIOCore

/// Turns every error into a problem+json response: ``APIError`` as it is, Hummingbird's own `HTTPError`s by status
/// (unknown route, wrong method, body over the limit), NIO's `NIOTooManyBytesError` (a streamed body past the limit)
/// as a 413, and anything else into a 500 that is logged with its request id but shows the client nothing internal.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard let problem = Self.problem(for: error, maxBodyBytes: self.maxBodyBytes) else {
                context.logger.error("gateway.request.unexpected_error", metadata: ["error.type": "\(type(of: error))"])
                return APIError.internalError.response(requestID: context.requestID)
            }
            return problem.response(requestID: context.requestID)
        }
    }

    /// The problem sent for `error`; nil for an unexpected error (sent as ``APIError/internalError`` and logged).
    /// ``UsageMiddleware`` measures the same document.
    static func problem(for error: any Error, maxBodyBytes: Int) -> APIError? {
        switch error {
        case let error as APIError: error
        case let error as HTTPError: Self.map(error, maxBodyBytes: maxBodyBytes)
        case is NIOTooManyBytesError: .payloadTooLarge(limit: maxBodyBytes)  // a streamed body past a `collect(upTo:)` limit
        default: nil
        }
    }

    private static func map(_ error: HTTPError, maxBodyBytes: Int) -> APIError {
        switch error.status {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .contentTooLarge: .payloadTooLarge(limit: maxBodyBytes)
        case .unsupportedMediaType: .unsupportedMediaType
        case .badRequest: APIError(status: .badRequest, code: .badRequest, title: "Bad request", detail: "the request could not be read")
        default: .internalError
        }
    }
}
