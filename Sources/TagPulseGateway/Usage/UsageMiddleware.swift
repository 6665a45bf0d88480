import Hummingbird
import TagPulseAccess

/// Counts every analysis request the router answers for a verified key (the event loop counts its own hits in
/// ``EventLoopHits``): one request, a fresh or stale hit from `Cache-Status`, a 429 `RATE_LIMITED`, the body's bytes
/// (for an error, those of the problem document ``ProblemMiddleware`` sends for it). In memory only
/// (``UsageRecorder``); no Redis on the request's path.
struct UsageMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let recorder: UsageRecorder
    /// `http.max_body_bytes`, named in a 413's problem document.
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            if let key = context.key {
                self.recorder.recordAnswer(
                    UsageAccount(key),
                    hit: response.headers[CachedResponse.cacheStatus].map(UsageRecorder.hitKind) ?? .none,
                    refused: false,
                    bodyBytes: response.body.contentLength ?? 0
                )
            }
            return response
        } catch {
            if let key = context.key {
                let refused = (error as? APIError)?.code == .rateLimited
                let problem = ProblemMiddleware.problem(for: error, maxBodyBytes: self.maxBodyBytes) ?? .internalError
                let bodyBytes = problem.problemParts(requestID: context.requestID).body.readableBytes
                self.recorder.recordAnswer(UsageAccount(key), hit: .none, refused: refused, bodyBytes: bodyBytes)
            }
            throw error
        }
    }
}
