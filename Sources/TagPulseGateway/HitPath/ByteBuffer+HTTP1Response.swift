import HTTPTypes
import NIOCore
import TagPulseCache

extension ByteBuffer {
    /// Writes `response` as an HTTP/1.1 status line and field block, as NIO's encoder behind the general pipeline
    /// would (``HitFrontHandler`` answers without it). A `Content-Length` (`bodyLength`) is added to a response that
    /// has none (a hit's prepared fields always carry it), except a 1xx, 204 or 304, as the message has no body then.
    mutating func writeHTTP1Head(_ response: HTTPResponse, bodyLength: Int) {
        self.writeHTTP1StatusLine(response.status)
        self.writeHTTP1Fields(response.headerFields)
        let code = response.status.code
        if response.headerFields[.contentLength] == nil, code != 204, code != 304, code >= 200 {
            self.writeStaticString("Content-Length: ")
            self.writeString(String(bodyLength))
            self.writeStaticString("\r\n")
        }
        self.writeStaticString("\r\n")
    }

    /// A ``HitResponse/Prepared``: status line, the fixed field lines as they are, this answer's fields, the end of
    /// the head (the fixed fields carry `Content-Length`).
    mutating func writeHTTP1Head(_ prepared: HitResponse.Prepared) {
        self.writeHTTP1StatusLine(prepared.status)
        self.writeImmutableBuffer(prepared.fixedBytes)
        switch prepared.own {
        case .fields(let fields): self.writeHTTP1Fields(fields)
        case .varying(let varying): self.writeHTTP1Fields(varying)
        }
        self.writeStaticString("\r\n")
    }

    /// The field lines of `varying.fields`, written from its values without building the fields (no field list, no
    /// value checks: a hit's own values are made by the gateway or checked before).
    mutating func writeHTTP1Fields(_ varying: HitResponse.Varying) {
        self.writeStaticString("Cache-Control: private, max-age=")
        self.writeString(String(varying.freshness.maxAge))
        self.writeStaticString("\r\nAge: ")
        self.writeString(String(varying.freshness.age))
        self.writeStaticString("\r\n")
        self.writeHTTP1Field(CachedResponse.cacheStatus, CacheStatus.hitHeaderValue(ttl: varying.freshness.ttl))
        self.writeHTTP1Field(RequestTracingMiddleware.requestIDHeader, varying.requestID)
        self.writeHTTP1Field(RequestTracingMiddleware.traceparentHeader, varying.trace.traceparent)
        if let state = varying.trace.state {
            // A client's list, joined: written as a field would keep it.
            self.writeHTTP1Field(
                RequestTracingMiddleware.tracestateHeader,
                HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state).value
            )
        }
        self.writeHTTP1Field(.date, varying.date)
        RateLimitHeaders.forEach(varying.decision) { self.writeHTTP1Field($0, $1) }
    }

    private mutating func writeHTTP1Field(_ name: HTTPField.Name, _ value: String) {
        self.writeString(name.rawName)
        self.writeStaticString(": ")
        self.writeString(value)
        self.writeStaticString("\r\n")
    }

    mutating func writeHTTP1StatusLine(_ status: HTTPResponse.Status) {
        self.writeStaticString("HTTP/1.1 ")
        let code = status.code
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 100))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        self.writeInteger(UInt8(ascii: "0") + UInt8(code % 10))
        self.writeInteger(UInt8(ascii: " "))
        self.writeString(status.reasonPhrase)
        self.writeStaticString("\r\n")
    }

    /// `Name: value\r\n` for each field, names as given.
    mutating func writeHTTP1Fields(_ fields: HTTPFields) {
        for field in fields { self.writeHTTP1Field(field.name, field.value) }
    }
}
