import HTTPTypes
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseWire

/// A hit's response from a ``HotEntry``: the prepared fields of the encoding the client takes, plus what changes
/// from hit to hit (`Cache-Control` max-age, `Age`, `Cache-Status`; on the event loop also `Date`, `X-Request-ID`
/// and the rate-limit fields). `If-None-Match` that matches gives a 304 without a body. The one builder for the event
/// loop and the router.
///
/// The varying fields are appended, never looked up: none of them is among the prepared ones, so a hit copies one
/// field list once and searches it never.
enum HitResponse {
    /// Status, header fields and body for `hot` as `head` (its current head, purges applied) says it stands at `now`.
    static func parts(_ hot: HotEntry, head: CacheEntryHead, requestHeaders: HTTPFields, now: Int64, reserving extra: Int = 0) -> (
        status: HTTPResponse.Status, fields: HTTPFields, body: ByteBuffer?
    ) {
        let remaining = head.remainingFreshMilliseconds(at: now)
        if let condition = requestHeaders[.ifNoneMatch], IfNoneMatch.matches(condition, etag: hot.head.etag) {
            var fields = HTTPFields()
            fields.append(HTTPField(name: .eTag, value: hot.head.etag))
            fields.append(HTTPField(name: .vary, value: "Accept-Encoding"))
            Self.appendVarying(to: &fields, head: head, remaining: remaining, now: now)
            RequestTracingMiddleware.addSecurityHeaders(to: &fields)
            return (.notModified, fields, nil)
        }
        let gzip = AcceptEncodingMemo.acceptsGzip(requestHeaders[.acceptEncoding])
        var fields = gzip ? hot.gzipFields : hot.identityFields
        fields.reserveCapacity(fields.count + 3 + extra)
        Self.appendVarying(to: &fields, head: head, remaining: remaining, now: now)
        return (.ok, fields, gzip ? hot.gzipBody : hot.identityBody)
    }

    /// The event loop's complete response: ``parts(_:head:requestHeaders:now:reserving:)`` plus the request id,
    /// `Date` and the rate-limit fields.
    static func response(
        _ hot: HotEntry,
        head: CacheEntryHead,
        requestHeaders: HTTPFields,
        now: Int64,
        decision: RateDecision,
        requestID: String,
        trace: TraceContext
    ) -> (HTTPResponse, ByteBuffer?) {
        var (status, fields, body) = Self.parts(hot, head: head, requestHeaders: requestHeaders, now: now, reserving: 8)
        fields.append(HTTPField(name: RequestTracingMiddleware.requestIDHeader, value: requestID))
        fields.append(HTTPField(name: RequestTracingMiddleware.traceparentHeader, value: trace.traceparent))
        if let state = trace.state { fields.append(HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state)) }
        fields.append(HTTPField(name: .date, value: HTTPDate.now))
        RateLimitHeaders.add(decision, to: &fields)
        return (HTTPResponse(status: status, headerFields: fields), body)
    }

    private static func appendVarying(to fields: inout HTTPFields, head: CacheEntryHead, remaining: Int64, now: Int64) {
        fields.append(HTTPField(name: .cacheControl, value: "private, max-age=" + String(max(0, remaining / 1000))))
        fields.append(HTTPField(name: CachedResponse.age, value: String(max(0, head.state(at: now).ageSeconds ?? 0))))
        fields.append(HTTPField(name: CachedResponse.cacheStatus, value: CacheStatus.hitHeaderValue(ttl: remaining / 1000)))
    }
}
