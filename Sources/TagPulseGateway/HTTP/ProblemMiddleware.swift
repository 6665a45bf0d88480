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
        } catch let error as APIError {
            return error.response(requestID: context.requestID)
        } catch let error as HTTPError {
            return self.map(error).response(requestID: context.requestID)
        } catch is NIOTooManyBytesError {  // a streamed body past a `collect(upTo:)` limit
            return APIError.payloadTooLarge(limit: self.maxBodyBytes).response(requestID: context.requestID)
        } catch {
            context.logger.error("gateway.request.unexpected_error", metadata: ["error.type": "\(type(of: error))"])
            return APIError.internalError.response(requestID: context.requestID)
        }
    }

    private func map(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .contentTooLarge: .payloadTooLarge(limit: self.maxBodyBytes)
        case .unsupportedMediaType: .unsupportedMediaType
        case .badRequest: APIError(status: .badRequest, code: .badRequest, title: "Bad request", detail: "the request could not be read")
        default: .internalError
        }
    }
}
