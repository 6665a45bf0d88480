import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import TagPulseAccess
import TagPulseWire

/// The analysis routes: `/v1/analyze/{hashtag,account,search}`, the cache-friendly `GET /v1/hashtags/{tag}/analysis`,
/// and the original's legacy paths with the same behaviour. Order of checks: key (middleware), media type, size
/// (413 from `Content-Length` before any byte of the body is read), JSON, field rules, then the `requests` charge
/// and the cache (or, with the cache off, the engine). Every call is charged to `requests`, a malformed one too.
struct AnalysisController {
    typealias Context = GatewayRequestContext

    let engine: any AnalysisEngine
    let access: GatewayAccess
    let cache: AnalysisCache?
    let maxBodyBytes: Int
    /// Counts the cache's lookups; with the cache off every valid analysis is a `bypass`.
    var metrics: GatewayMetrics?
    /// Counts engine calls and their cost per account when the cache is off (nil: usage counting is off).
    var usage: UsageRecorder?

    /// The GET form's route (its template is also its metrics and log name).
    static let hashtagQueryRoute = "/v1/hashtags/{tag}/analysis"

    /// The POST routes and what they analyse: the one route table, shared with the event-loop hit path.
    static let routes: [(path: RouterPath, kind: AnalysisKind)] = [
        ("/v1/analyze/hashtag", .hashtag),
        ("/v1/analyze/account", .account),
        ("/v1/analyze/search", .search),
        ("/analyze-tiktok-hashtags", .hashtag),
        ("/analyze-tiktok-accounts", .account),
        ("/analyze-tiktok-search", .search),
    ]

    func addRoutes(to group: RouterGroup<Context>) {
        for route in Self.routes {
            let kind = route.kind
            group.post(route.path) { request, context in
                let params = try await self.readBody(kind, request: request, context: context)
                return try await self.respond(kind, params: params, request: request, context: context)
            }
        }
        group.get(RouterPath(Self.hashtagQueryRoute)) { request, context in
            let params: AnalysisParams
            do {
                params = try HashtagAnalysisQuery.parse(tag: context.parameters.get("tag") ?? "", query: request.uri.query)
            } catch {
                throw try await self.chargeRefusedRequest(context, error)
            }
            return try await self.respond(.hashtag, params: params, request: request, context: context)
        }
    }

    /// The body's params; a body that cannot be read is still charged to `requests`.
    func readBody(_ kind: AnalysisKind, request: Request, context: Context) async throws -> AnalysisParams {
        do {
            guard Self.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
            if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > self.maxBodyBytes {
                throw APIError.payloadTooLarge(limit: self.maxBodyBytes)
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: self.maxBodyBytes)
            } catch is NIOTooManyBytesError {  // a body without Content-Length (chunked) that passes the limit
                throw APIError.payloadTooLarge(limit: self.maxBodyBytes)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw APIError.payloadTooLarge(limit: self.maxBodyBytes)
            }
            return try AnalysisRequestParser.parse(body, kind: kind)
        } catch {
            throw try await self.chargeRefusedRequest(context, error)
        }
    }

    func respond(_ kind: AnalysisKind, params: AnalysisParams, request: Request, context: Context) async throws -> Response {
        if let cache = self.cache {
            return try await cache.respond(kind, params: params, request: request, context: context)
        }
        self.metrics?.cacheLookup(.bypass)
        let requests = try await self.chargeRequests(context)
        do {
            var response = try await self.callEngine(kind, params: params, context: context, requests: requests)
            response.headers = RateLimitHeaders.merge(requests, into: response.headers)
            return response
        } catch var error as APIError {
            error.headers = RateLimitHeaders.merge(requests, into: error.headers)
            throw error
        }
    }

    /// Without the cache: charge `analyses` (refunding `requests` when it refuses), call the engine.
    func callEngine(_ kind: AnalysisKind, params: AnalysisParams, context: Context, requests: RateDecision) async throws -> Response {
        let analyses: RateDecision
        do {
            analyses = try await self.access.chargeAnalyses(context.key, cost: AnalysisCost(params))
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard analyses.allowed else {
            await self.access.refundRequests(context.key, charged: requests)
            context.logger.info("gateway.ratelimit.limited", metadata: ["ratelimit.policies": "\(analyses.violated.map(\.policy.name))"])
            throw APIError.rateLimited(analyses)
        }
        let buffer: ByteBuffer
        let account = context.key.map(UsageAccount.init)
        do {
            buffer = try await self.engine.analyzeEncoded(kind, params: params, requestID: context.requestID)
            self.usage?.recordEngineCall(account, result: buffer)
        } catch {
            self.usage?.recordEngineCall(account, result: nil)
            let problem = APIError(error)
            context.logger.info("gateway.engine.call_failed", metadata: ["error.code": "\(problem.code)", "engine.error": "\(error)"])
            throw problem
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        RateLimitHeaders.add(analyses, to: &headers)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// The `requests` charge; a refusal is a 429.
    func chargeRequests(_ context: Context) async throws -> RateDecision {
        let decision: RateDecision
        do {
            decision = try await self.access.chargeRequests(context.key, on: self.access.eventLoop).get()
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard decision.allowed else {
            context.logger.info("gateway.ratelimit.limited", metadata: ["ratelimit.policies": "\(decision.violated.map(\.policy.name))"])
            throw APIError.rateLimited(decision)
        }
        return decision
    }

    /// A request refused before the cache (bad body or query) still costs one `requests` charge: returns `error`
    /// with the rate-limit headers (a 429 instead once the window is exhausted).
    func chargeRefusedRequest(_ context: Context, _ error: any Error) async throws -> any Error {
        let decision = try await self.chargeRequests(context)
        guard var problem = error as? APIError else { return error }
        problem.headers = RateLimitHeaders.merge(decision, into: problem.headers)
        return problem
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`), case-insensitive.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        if contentType == "application/json" { return true }  // the usual value, without parsing (the hit path)
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return mediaType == "application/json"
    }
}
