import HTTPTypes
import Hummingbird
import NIOCore
import TagPulseCache

/// Turns a cache entry into the response a client gets: `ETag`, `Age`, `Cache-Status`, `Cache-Control`,
/// `If-None-Match` → 304, the stored gzip body as is to clients that accept gzip (decompressed otherwise), and a
/// negative entry as its problem. ``parts(_:status:requestHeaders:now:)`` is the event-loop hit path's form (no
/// Hummingbird response), ``make(_:status:request:requestID:now:)`` the router's.
enum CachedResponse {
    static let cacheStatus = HTTPField.Name("Cache-Status")!
    static let age = HTTPField.Name("Age")!
    /// Largest body the gateway decompresses for a client that does not accept gzip.
    static let maximumBodyBytes = 64 << 20

    /// Status, headers and body of a positive (200) entry's answer. `bodies` remembers the inflated body for the next
    /// client that does not accept gzip (nil: inflate it for this answer only).
    static func parts(_ entry: CacheEntry, status: CacheStatus, requestHeaders: HTTPFields, now: Int64, bodies: InflatedBodies?) throws -> (
        status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer?
    ) {
        var headers = Self.cacheHeaders(entry, status: status, now: now)
        headers[.eTag] = entry.etag
        headers[.vary] = "Accept-Encoding"
        headers[.cacheControl] = "private, max-age=\(max(0, entry.remainingFreshMilliseconds(at: now) / 1000))"
        if let condition = requestHeaders[.ifNoneMatch], IfNoneMatch.matches(condition, etag: entry.etag) {
            return (.notModified, headers, nil)
        }
        headers[.contentType] = entry.contentType
        if AcceptEncoding.acceptsGzip(requestHeaders[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return (.ok, headers, entry.compressedBody)
        }
        guard let bodies else { return (.ok, headers, try entry.body(maximumBytes: Self.maximumBodyBytes)) }
        return (.ok, headers, try bodies.body(of: entry, maximumBytes: Self.maximumBodyBytes))
    }

    static func make(_ entry: CacheEntry, status: CacheStatus, request: Request, requestID: String, now: Int64, bodies: InflatedBodies?) throws
        -> Response
    {
        guard entry.status == 200 else {
            var problem = APIError(
                status: .notFound,
                code: .targetNotFound,
                title: "Nothing to analyse",
                detail: (try? String(buffer: entry.body(maximumBytes: 64 << 10))) ?? "nothing was found for this target"
            )
            problem.headers = Self.cacheHeaders(entry, status: status, now: now)
            return problem.response(requestID: requestID)
        }
        let parts = try Self.parts(entry, status: status, requestHeaders: request.headers, now: now, bodies: bodies)
        guard let body = parts.body else { return Response(status: parts.status, headers: parts.headers) }
        return Response(status: parts.status, headers: parts.headers, body: .init(byteBuffer: body))
    }

    private static func cacheHeaders(_ entry: CacheEntry, status: CacheStatus, now: Int64) -> HTTPFields {
        var headers = HTTPFields()
        headers[Self.cacheStatus] = status.headerValue
        headers[Self.age] = String(max(0, entry.state(at: now).ageSeconds ?? 0))
        return headers
    }
}
