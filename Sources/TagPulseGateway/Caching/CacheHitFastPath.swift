import HTTPTypes
import Logging
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseWire

/// The cache-hit path of decision 0001: `GET /v1/hashtags/{tag}/analysis` hits answered on the connection's event
/// loop, without becoming a Swift task — key check from memory, then the `requests` charge and the lookup in one
/// Redis round trip, then the stored bytes.
///
/// Only the plain case is taken: a key already cached on this instance with the `analyze` scope, a valid query, a
/// known engine identity, no `Origin` (CORS) and no `Cache-Control`/`Pragma` directive. Anything else — and every
/// lookup that is not a fresh positive entry — goes to the router as if this path did not exist (its `requests`
/// charge refunded first), which serves misses, stale entries, errors and directives. The 429 of an exhausted
/// window is answered here.
struct CacheHitFastPath: CacheHitResolving {
    let cache: AnalysisCache
    let logger: Logger
    let generateRequestID: @Sendable () -> String
    let memo = CacheKeyMemo()

    static let pragma = HTTPField.Name("Pragma")!
    /// The route template this path answers (log lines and metrics).
    static let route = "/v1/hashtags/{tag}/analysis"

    func resolve(_ head: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<CacheHitAnswer>? {
        guard head.method == .get, let path = head.path, path.hasPrefix("/v1/hashtags/") else { return nil }
        let fields = head.headerFields
        guard fields[.origin] == nil, fields[.cacheControl] == nil, fields[Self.pragma] == nil else { return nil }
        let (route, query) = Self.split(path)
        guard route.hasSuffix("/analysis") else { return nil }
        let tag = route.dropFirst("/v1/hashtags/".count).dropLast("/analysis".count)
        guard !tag.isEmpty, !tag.contains("/") else { return nil }
        guard let presented = APIKeyMiddleware.presentedKey(in: fields), let caller = self.cache.access.authenticator.cachedKey(presented),
            caller.scopes.contains(.analyze), let identity = self.cache.identity.cachedValue,
            let key = self.memo.key(
                path: path,
                identity: identity,
                make: {
                    guard let params = try? HashtagAnalysisQuery.parse(tag: String(tag), query: query.map(String.init)) else { return nil }
                    return CacheKey(kind: .hashtag, params: params, analyzer: identity.analyzer, defaultModel: identity.defaultModel)
                }
            )
        else { return nil }
        let requestID =
            fields[RequestTracingMiddleware.requestIDHeader].flatMap { RequestTracingMiddleware.isWellFormed($0) ? $0 : nil }
            ?? self.generateRequestID()
        let started = NIODeadline.now()
        let charge = self.cache.access.chargeRequests(caller, on: eventLoop).map { Result<RateDecision, any Error>.success($0) }
            .recover { .failure($0) }
        let lookup = self.cache.store.lookup(key).map { Optional($0) }.recover { _ in nil }
        return charge.and(lookup).map { charged, stored in
            guard case .success(let decision) = charged else { return .forward }
            let answer = self.answer(decision: decision, stored: stored ?? nil, caller: caller, fields: fields, requestID: requestID)
            if case .respond(let response, _) = answer {
                let elapsed = (NIODeadline.now() - started).nanoseconds
                let metrics = self.cache.metrics
                metrics.request(route: Self.route, method: "GET", status: Int(response.status.code), nanoseconds: elapsed)
                if response.status != .tooManyRequests { metrics.cacheLookup(.hit) }
                self.logger.info(
                    "request.completed",
                    metadata: [
                        "request.id": "\(requestID)", "apikey.id": "\(caller.id)", "http.method": "GET", "http.handler": "event-loop",
                        "http.route": "\(Self.route)", "http.status": "\(response.status.code)",
                        "cache.status": "\(response.headerFields[CachedResponse.cacheStatus] ?? "")",
                        "duration_ms": "\(Double(elapsed) / 1e6)",
                    ]
                )
            }
            return answer
        }
    }

    private func answer(decision: RateDecision, stored: CacheEntry?, caller: AuthenticatedKey, fields: HTTPFields, requestID: String)
        -> CacheHitAnswer
    {
        let now = self.cache.nowMilliseconds()
        guard decision.allowed else {
            let (headers, body) = APIError.rateLimited(decision).problemParts(requestID: requestID)
            return .respond(Self.response(.tooManyRequests, headers, body: body, requestID: requestID), body)
        }
        guard let stored, stored.status == 200, case .fresh = stored.state(at: now),
            let parts = try? CachedResponse.parts(
                stored,
                status: CacheStatus(.hit, ttl: stored.remainingFreshMilliseconds(at: now) / 1000),
                requestHeaders: fields,
                now: now,
                bodies: self.cache.bodies
            )
        else {
            // The router takes it from here and charges it again: give this charge back first.
            if decision.degradation == nil, !decision.policies.isEmpty {
                _ = self.cache.access.chargeRequests(caller, cost: -1, on: self.cache.store.control.eventLoopGroup.any())
            }
            return .forward
        }
        let headers = RateLimitHeaders.merge(decision, into: parts.headers)
        return .respond(Self.response(parts.status, headers, body: parts.body, requestID: requestID), parts.body)
    }

    static func response(_ status: HTTPResponse.Status, _ headers: HTTPFields, body: ByteBuffer?, requestID: String) -> HTTPResponse {
        var headers = headers
        headers[RequestTracingMiddleware.requestIDHeader] = requestID
        headers[.date] = HTTPDate.now
        RequestTracingMiddleware.addSecurityHeaders(to: &headers)
        if let body { headers[.contentLength] = String(body.readableBytes) }
        return HTTPResponse(status: status, headerFields: headers)
    }

    /// `/v1/hashtags/x/analysis?a=b` → (`/v1/hashtags/x/analysis`, `a=b`).
    static func split(_ path: String) -> (Substring, Substring?) {
        guard let mark = path.firstIndex(of: "?") else { return (path[...], nil) }
        return (path[..<mark], path[path.index(after: mark)...])
    }
}
