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

    /// A response in two parts: the hot entry's fixed fields, also as HTTP/1 field lines (``HotEntry``), and the
    /// fields of this answer. ``HitFrontHandler`` writes the bytes as they are; the general pipeline takes
    /// ``response``.
    struct Prepared: Sendable {
        var status: HTTPResponse.Status
        var fixedFields: HTTPFields
        var fixedBytes: ByteBuffer
        var fields: HTTPFields
        var body: ByteBuffer?

        var response: HTTPResponse {
            var all = self.fixedFields
            all.append(contentsOf: self.fields)
            return HTTPResponse(status: self.status, headerFields: all)
        }

        var cacheStatus: String { self.fields[CachedResponse.cacheStatus] ?? "" }
    }

    /// The event loop's complete response: what ``parts(_:head:requestHeaders:now:reserving:)`` gives, plus the
    /// request id, `Date` and the rate-limit fields; a 200 keeps the entry's fixed fields apart (``Prepared``).
    static func response(
        _ hot: HotEntry,
        head: CacheEntryHead,
        requestHeaders: HTTPFields,
        now: Int64,
        decision: RateDecision,
        requestID: String,
        trace: TraceContext
    ) -> Prepared {
        var prepared: Prepared
        if requestHeaders[.ifNoneMatch] != nil {
            let (status, fields, body) = Self.parts(hot, head: head, requestHeaders: requestHeaders, now: now, reserving: 8)
            prepared = Prepared(status: status, fixedFields: HTTPFields(), fixedBytes: ByteBuffer(), fields: fields, body: body)
        } else {
            let gzip = AcceptEncodingMemo.acceptsGzip(requestHeaders[.acceptEncoding])
            var fields = HTTPFields()
            fields.reserveCapacity(12)
            Self.appendVarying(to: &fields, head: head, remaining: head.remainingFreshMilliseconds(at: now), now: now)
            prepared = Prepared(
                status: .ok,
                fixedFields: gzip ? hot.gzipFields : hot.identityFields,
                fixedBytes: gzip ? hot.gzipFieldLines : hot.identityFieldLines,
                fields: fields,
                body: gzip ? hot.gzipBody : hot.identityBody
            )
        }
        prepared.fields.append(HTTPField(name: RequestTracingMiddleware.requestIDHeader, value: requestID))
        prepared.fields.append(HTTPField(name: RequestTracingMiddleware.traceparentHeader, value: trace.traceparent))
        if let state = trace.state { prepared.fields.append(HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state)) }
        prepared.fields.append(HTTPField(name: .date, value: HTTPDate.now))
        RateLimitHeaders.append(decision, to: &prepared.fields)
        return prepared
    }

    private static func appendVarying(to fields: inout HTTPFields, head: CacheEntryHead, remaining: Int64, now: Int64) {
        fields.append(HTTPField(name: .cacheControl, value: "private, max-age=" + String(max(0, remaining / 1000))))
        fields.append(HTTPField(name: CachedResponse.age, value: String(max(0, head.state(at: now).ageSeconds ?? 0))))
        fields.append(HTTPField(name: CachedResponse.cacheStatus, value: CacheStatus.hitHeaderValue(ttl: remaining / 1000)))
    }
}
