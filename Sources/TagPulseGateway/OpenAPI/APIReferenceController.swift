import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseCache

/// `GET /docs`: the API reference page (``APIReferencePage``), for anyone (no key), as `text/html` with its own
/// `Content-Security-Policy` (inline style and script allowed by hash, nothing else), `Cache-Control: public,
/// max-age=300` and a strong ETag; `If-None-Match` gives 304. Rendered once, when the router is built.
struct APIReferenceController {
    typealias Context = GatewayRequestContext

    static let path: RouterPath = "/docs"

    let body: ByteBuffer
    let etag: String
    let contentSecurityPolicy: String

    init(page: APIReferencePage = APIReferencePage()) {
        self.body = ByteBuffer(string: page.html)
        self.etag = CacheEntry.strongETag(for: self.body)
        self.contentSecurityPolicy = page.contentSecurityPolicy
    }

    func addRoutes(to router: Router<Context>) {
        router.get(Self.path) { request, _ in self.response(to: request) }
    }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [
            .eTag: self.etag, .cacheControl: "public, max-age=300", .contentSecurityPolicy: self.contentSecurityPolicy,
        ]
        if let condition = request.headers[.ifNoneMatch], IfNoneMatch.matches(condition, etag: self.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: self.body))
    }
}
