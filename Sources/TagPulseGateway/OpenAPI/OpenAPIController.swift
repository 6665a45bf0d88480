import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseCache

/// `GET /openapi.json`: the OpenAPI 3.1 document of this API (``OpenAPIDocument``), for anyone (no key), as
/// `application/json` with `Cache-Control: public, max-age=300` and a strong ETag; `If-None-Match` gives 304. The body
/// and its ETag are computed once, when the router is built.
struct OpenAPIController {
    typealias Context = GatewayRequestContext

    static let path: RouterPath = "/openapi.json"

    let body: ByteBuffer
    /// First 16 bytes of the body's SHA-256, as the cache's entries have it.
    let etag: String

    init(document: String = OpenAPIDocument.json) {
        self.body = ByteBuffer(string: document)
        self.etag = CacheEntry.strongETag(for: self.body)
    }

    func addRoutes(to router: Router<Context>) {
        router.get(Self.path) { request, _ in self.response(to: request) }
    }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [.eTag: self.etag, .cacheControl: "public, max-age=300"]
        if let condition = request.headers[.ifNoneMatch], IfNoneMatch.matches(condition, etag: self.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: self.body))
    }
}
