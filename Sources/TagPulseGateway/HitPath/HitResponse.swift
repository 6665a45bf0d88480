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
    /// Status, header fields and body for `hot` as `head` (its current head, purges applied) says it stands at `now`;
    /// nil when the body is in a file that could not be read back (``HotBodyFile/read()``): answer without the hot copy.
    static func parts(_ hot: HotEntry, head: CacheEntryHead, requestHeaders: HTTPFields, now: Int64) -> (
        status: HTTPResponse.Status, fields: HTTPFields, body: ByteBuffer?
    )? {
        Self.parts(
            hot,
            head: head,
            ifNoneMatch: requestHeaders[.ifNoneMatch],
            acceptsGzip: AcceptEncodingMemo.acceptsGzip(requestHeaders[.acceptEncoding]),
            now: now
        )
    }

    /// The same from the request's `If-None-Match` value and whether its `Accept-Encoding` takes gzip.
    static func parts(
        _ hot: HotEntry,
        head: CacheEntryHead,
        ifNoneMatch: String?,
        acceptsGzip gzip: Bool,
        now: Int64,
        reserving extra: Int = 0
    ) -> (status: HTTPResponse.Status, fields: HTTPFields, body: ByteBuffer?)? {
        let freshness = Freshness(head: head, now: now)
        if let condition = ifNoneMatch, IfNoneMatch.matches(condition, etag: hot.head.etag) {
            var fields = HTTPFields()
            fields.append(HTTPField(name: .eTag, value: hot.head.etag))
            fields.append(HTTPField(name: .vary, value: "Accept-Encoding"))
            freshness.append(to: &fields)
            RequestTracingMiddleware.addSecurityHeaders(to: &fields)
            return (.notModified, fields, nil)
        }
        guard let body = gzip ? hot.gzipBody : hot.identityBody else { return nil }
        var fields = gzip ? hot.gzipFields : hot.identityFields
        fields.reserveCapacity(fields.count + 3 + extra)
        freshness.append(to: &fields)
        return (.ok, fields, body)
    }

    /// A response in two parts: the hot entry's fixed fields, also as HTTP/1 field lines (``HotEntry``), and the
    /// fields of this answer. ``HitFrontHandler`` writes the bytes as they are; the general pipeline takes
    /// ``response``.
    struct Prepared: Sendable {
        var status: HTTPResponse.Status
        var fixedFields: HTTPFields
        var fixedBytes: ByteBuffer
        var own: Own
        var body: ByteBuffer?
        /// The body as a file to send with `sendfile(2)` (a large identity body, then `body` is nil: the file is its
        /// only copy, read back by a writer that cannot send a file; nil: write `body`).
        var bodyFile: HotBodyFile? = nil

        /// The body's length, wherever it is.
        var bodyLength: Int { self.body?.readableBytes ?? self.bodyFile?.length ?? 0 }

        /// How a writer on `eventLoop` sends the body: its file as a `FileRegion` (whose descriptor stays open while the
        /// region is in a pending write, ``RetiredFileHandles``) when `sendsFiles` and the loop has a descriptor, else
        /// its bytes (the file's read back when it has no others), else nothing. nil when the body is only in its file
        /// and that could not be read back (only a broken system's would): nothing truthful can be sent.
        func outgoingBody(on eventLoop: any EventLoop, sendsFiles: Bool = true) -> OutgoingBody? {
            if sendsFiles, let region = self.bodyFile?.region(on: eventLoop) { return .file(region) }
            if let bytes = self.body ?? self.bodyFile?.read() { return .bytes(bytes) }
            return self.bodyFile == nil ? OutgoingBody.none : nil
        }

        /// This answer's own fields: built (a 304), or as the values a 200 is made of, which the front writes as
        /// HTTP/1 lines without building `HTTPFields` (``HitResponse/Varying``).
        enum Own: Sendable {
            case fields(HTTPFields)
            case varying(Varying)
        }

        var fields: HTTPFields {
            switch self.own {
            case .fields(let fields): fields
            case .varying(let varying): varying.fields
            }
        }

        var response: HTTPResponse {
            var all = self.fixedFields
            all.append(contentsOf: self.fields)
            return HTTPResponse(status: self.status, headerFields: all)
        }

        var cacheStatus: String {
            switch self.own {
            case .fields(let fields): fields[CachedResponse.cacheStatus] ?? ""
            case .varying(let varying): CacheStatus.hitHeaderValue(ttl: varying.freshness.ttl)
            }
        }
    }

    /// A prepared body as it leaves (``Prepared/outgoingBody(on:sendsFiles:)``).
    enum OutgoingBody {
        case file(FileRegion)
        case bytes(ByteBuffer)
        case none
    }

    /// What an answer says of the entry's freshness at `now`: `Cache-Control` max-age, `Age` and the `Cache-Status`
    /// TTL (seconds; the TTL goes negative once stale).
    struct Freshness: Sendable {
        var maxAge: Int64
        var age: Int64
        var ttl: Int64

        init(head: CacheEntryHead, now: Int64) {
            let remaining = head.remainingFreshMilliseconds(at: now)
            self.maxAge = max(0, remaining / 1000)
            self.age = max(0, head.state(at: now).ageSeconds ?? 0)
            self.ttl = remaining / 1000
        }

        init(maxAge: Int64, age: Int64, ttl: Int64) {
            self.maxAge = maxAge
            self.age = age
            self.ttl = ttl
        }

        func append(to fields: inout HTTPFields) {
            fields.append(HTTPField(name: .cacheControl, value: "private, max-age=" + String(self.maxAge)))
            fields.append(HTTPField(name: CachedResponse.age, value: String(self.age)))
            fields.append(HTTPField(name: CachedResponse.cacheStatus, value: CacheStatus.hitHeaderValue(ttl: self.ttl)))
        }
    }

    /// What a 200 hit's own fields say, in their order: the ``Freshness`` fields, the request id, `traceparent` (and
    /// `tracestate`), `Date` and the rate-limit fields. Every value is made here or checked before (a request id is
    /// well formed, a trace context parsed), so the front writes them as they are.
    struct Varying: Sendable {
        var freshness: Freshness
        var requestID: HitRequestID
        var trace: HitTrace
        var date: String
        var decision: RateDecision

        /// The same as `HTTPFields`, for the general pipeline.
        var fields: HTTPFields {
            var fields = HTTPFields()
            fields.reserveCapacity(12)
            self.freshness.append(to: &fields)
            self.appendRequestFields(to: &fields)
            return fields
        }

        /// The fields after the freshness ones (a 304 carries them too).
        func appendRequestFields(to fields: inout HTTPFields) {
            fields.append(HTTPField(name: RequestTracingMiddleware.requestIDHeader, value: self.requestID.string))
            fields.append(HTTPField(name: RequestTracingMiddleware.traceparentHeader, value: self.trace.context.traceparent))
            if let state = self.trace.state { fields.append(HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state)) }
            fields.append(HTTPField(name: .date, value: self.date))
            RateLimitHeaders.append(self.decision, to: &fields)
        }
    }

    /// The event loop's complete response: what ``parts(_:head:ifNoneMatch:acceptsGzip:now:reserving:)`` gives, plus the
    /// request id, `Date` and the rate-limit fields; a 200 keeps the entry's fixed fields apart (``Prepared``) and
    /// its own as values (``Varying``). nil as `parts` is.
    static func response(
        _ hot: HotEntry,
        head: CacheEntryHead,
        acceptsGzip gzip: Bool,
        ifNoneMatch: String?,
        now: Int64,
        decision: RateDecision,
        requestID: HitRequestID,
        trace: HitTrace
    ) -> Prepared? {
        let varying = Varying(
            freshness: Freshness(head: head, now: now),
            requestID: requestID,
            trace: trace,
            date: HTTPDate.now,
            decision: decision
        )
        guard ifNoneMatch == nil else {
            guard
                let (status, entryFields, body) = Self.parts(
                    hot,
                    head: head,
                    ifNoneMatch: ifNoneMatch,
                    acceptsGzip: gzip,
                    now: now,
                    reserving: 8
                )
            else { return nil }
            var fields = entryFields
            varying.appendRequestFields(to: &fields)
            return Prepared(status: status, fixedFields: HTTPFields(), fixedBytes: ByteBuffer(), own: .fields(fields), body: body)
        }
        return Prepared(
            status: .ok,
            fixedFields: gzip ? hot.gzipFields : hot.identityFields,
            fixedBytes: gzip ? hot.gzipFieldLines : hot.identityFieldLines,
            own: .varying(varying),
            body: gzip ? hot.gzipBody : hot.identityMemory,
            bodyFile: gzip ? nil : hot.identityFile
        )
    }
}
