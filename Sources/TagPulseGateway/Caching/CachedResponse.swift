import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseCache

/// Turns a cache entry into the response a client gets: `ETag`, `Age`, `Cache-Status`, `Cache-Control`,
/// `If-None-Match` → 304, the stored gzip body as is to clients that accept gzip (decompressed otherwise), and a
/// negative entry as its problem.
enum CachedResponse {
    static let cacheStatus = HTTPField.Name("Cache-Status")!
    static let age = HTTPField.Name("Age")!
    /// Largest body the gateway decompresses for a client that does not accept gzip.
    static let maximumBodyBytes = 64 << 20

    static func make(_ entry: CacheEntry, status: CacheStatus, request: Request, requestID: String, now: Int64) throws -> Response {
        var headers = HTTPFields()
        headers[Self.cacheStatus] = status.headerValue
        let state = entry.state(at: now)
        headers[Self.age] = String(max(0, state.ageSeconds ?? 0))
        if entry.status != 200 {
            var problem = APIError(
                status: .notFound,
                code: "TARGET_NOT_FOUND",
                title: "Nothing to analyse",
                detail: (try? String(buffer: entry.body(maximumBytes: 64 << 10))) ?? "nothing was found for this target"
            )
            problem.headers = headers
            return problem.response(requestID: requestID)
        }
        headers[.eTag] = entry.etag
        headers[.vary] = "Accept-Encoding"
        let freshSeconds = max(0, entry.remainingFreshMilliseconds(at: now) / 1000)
        headers[.cacheControl] = "private, max-age=\(freshSeconds)"
        if let condition = request.headers[.ifNoneMatch], IfNoneMatch.matches(condition, etag: entry.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = entry.contentType
        if AcceptEncoding.acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.compressedBody))
        }
        let body = try entry.body(maximumBytes: Self.maximumBodyBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
