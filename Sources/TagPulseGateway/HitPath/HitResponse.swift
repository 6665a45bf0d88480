import HTTPTypes
import NIOCore
import TagPulseAccess
import TagPulseCache

/// A hit's response from a ``HotEntry``: the prepared fields of the encoding the client takes, plus what changes
/// from hit to hit (`Cache-Control` max-age, `Age`, `Cache-Status`, `Date`, `X-Request-ID`, the rate-limit fields).
/// `If-None-Match` that matches gives a 304 without a body. The one builder for the event loop and the router.
enum HitResponse {
    /// Status, header fields and body for `hot` as `head` (its current head, purges applied) says it stands at `now`.
    static func parts(_ hot: HotEntry, head: CacheEntryHead, status: CacheStatus, requestHeaders: HTTPFields, now: Int64) -> (
        status: HTTPResponse.Status, fields: HTTPFields, body: ByteBuffer?
    ) {
        let remaining = head.remainingFreshMilliseconds(at: now)
        if let condition = requestHeaders[.ifNoneMatch], IfNoneMatch.matches(condition, etag: hot.head.etag) {
            var fields = HTTPFields()
            fields[.eTag] = hot.head.etag
            fields[.vary] = "Accept-Encoding"
            Self.addVarying(to: &fields, head: head, status: status, remaining: remaining, now: now)
            RequestTracingMiddleware.addSecurityHeaders(to: &fields)
            return (.notModified, fields, nil)
        }
        let gzip = AcceptEncodingMemo.acceptsGzip(requestHeaders[.acceptEncoding])
        var fields = gzip ? hot.gzipFields : hot.identityFields
        Self.addVarying(to: &fields, head: head, status: status, remaining: remaining, now: now)
        return (.ok, fields, gzip ? hot.gzipBody : hot.identityBody)
    }

    /// The event loop's complete response head: `parts` plus the request id, `Date` and the rate-limit fields.
    static func head(status: HTTPResponse.Status, fields: HTTPFields, decision: RateDecision, requestID: String) -> HTTPResponse {
        var fields = fields
        fields[RequestTracingMiddleware.requestIDHeader] = requestID
        fields[.date] = HTTPDate.now
        RateLimitHeaders.add(decision, to: &fields)
        return HTTPResponse(status: status, headerFields: fields)
    }

    private static func addVarying(to fields: inout HTTPFields, head: CacheEntryHead, status: CacheStatus, remaining: Int64, now: Int64) {
        fields[.cacheControl] = "private, max-age=" + String(max(0, remaining / 1000))
        fields[CachedResponse.age] = String(max(0, head.state(at: now).ageSeconds ?? 0))
        fields[CachedResponse.cacheStatus] = status.headerValue
    }
}
