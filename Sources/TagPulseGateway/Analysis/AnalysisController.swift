import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import TagPulseWire

/// The analysis routes: `/v1/analyze/{hashtag,account,search}` and the original's legacy paths with the same
/// behaviour. Order of checks: key (middleware), media type, size (413 from `Content-Length` before any byte of
/// the body is read), JSON, field rules, then the engine.
struct AnalysisController {
    typealias Context = GatewayRequestContext

    let engine: any AnalysisEngine
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
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`), case-insensitive.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return mediaType == "application/json"
    }
}
