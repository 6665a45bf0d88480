import Hummingbird
import TagPulseAccess

/// Counts every analysis request the router answers for a verified key (the event loop counts its own hits in
/// ``EventLoopHits``): one request, a fresh or stale hit from `Cache-Status`, a 429 `RATE_LIMITED`, the body's bytes.
/// In memory only (``UsageRecorder``); no Redis on the request's path.
struct UsageMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let recorder: UsageRecorder

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
                self.recorder.recordAnswer(UsageAccount(key), hit: .none, refused: refused, bodyBytes: 0)
            }
            throw error
        }
    }
}
