import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import TagPulseAccess
import TagPulseWire

/// The analysis routes: `/v1/analyze/{hashtag,account,search}` and the original's legacy paths with the same
/// behaviour. Order of checks: key (middleware), media type, size (413 from `Content-Length` before any byte of
/// the body is read), JSON, field rules, then the engine.
struct AnalysisController {
    typealias Context = GatewayRequestContext

    let engine: any AnalysisEngine
    let access: GatewayAccess
    let maxBodyBytes: Int

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
                try await self.analyze(kind, request: request, context: context)
            }
        }
    }

    func analyze(_ kind: AnalysisKind, request: Request, context: Context) async throws -> Response {
        guard Self.isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > self.maxBodyBytes {
            throw APIError.payloadTooLarge(limit: self.maxBodyBytes)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: self.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: self.maxBodyBytes)
        }
        let params = try AnalysisRequestParser.parse(body, kind: kind)
        let analyses = try await self.chargeAnalysis(context: context)
        let result: AnalysisResult
        do {
            result = try await self.engine.analyze(kind, params: params, requestID: context.requestID)
        } catch {
            let problem = APIError(error)
            context.logger.info("gateway.engine.call_failed", metadata: ["error.code": "\(problem.code)", "engine.error": "\(error)"])
            throw problem
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let buffer = try encoder.encodeAsByteBuffer(result, allocator: ByteBufferAllocator())
        var headers: HTTPFields = [.contentType: "application/json"]
        if let analyses { RateLimitHeaders.add(analyses, to: &headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// Charges an engine call to the client's `analyses` windows and the fleet's upstream budget (one decision).
    /// When they refuse, the request's `requests` charge is refunded: a refused request costs nothing.
    func chargeAnalysis(context: Context) async throws -> RateDecision? {
        guard let limiter = self.access.limiter, let key = context.key, let tier = self.access.tier(named: key.tier) else { return nil }
        let subject = RateSubject.client(key.client)
        var charges = tier.analyses.map { (subject: subject, policy: $0) }
        charges += limiter.settings.upstream.map { (subject: RateSubject.global, policy: $0) }
        let decision: RateDecision
        do {
            decision = try await limiter.decide(charges)
        } catch {
            throw APIError.rateLimitUnavailable
        }
        guard decision.allowed else {
            if context.requestsDecision?.degradation == nil {
                _ = try? await limiter.decide(tier.requests.map { (subject, $0) }, cost: -1)
            }
            context.logger.info("gateway.ratelimit.limited", metadata: ["ratelimit.policies": "\(decision.violated.map(\.policy.name))"])
            throw APIError.rateLimited(decision)
        }
        return decision
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`), case-insensitive.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return mediaType == "application/json"
    }
}
