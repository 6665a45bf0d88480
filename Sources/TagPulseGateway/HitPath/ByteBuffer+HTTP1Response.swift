import HTTPTypes
import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseWire

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
            self.writeDecimal(bodyLength)
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
        self.writeDecimal(varying.freshness.maxAge)
        self.writeStaticString("\r\nAge: ")
        self.writeDecimal(varying.freshness.age)
        self.writeStaticString("\r\n")
        self.writeHTTP1Field(CachedResponse.cacheStatus, CacheStatus.hitHeaderValue(ttl: varying.freshness.ttl))
        self.writeHTTP1Field(RequestTracingMiddleware.requestIDHeader, varying.requestID)
        self.writeHTTP1Traceparent(varying.trace)
        if let state = varying.trace.state {
            // A client's list, joined: written as a field would keep it.
            self.writeHTTP1Field(
                RequestTracingMiddleware.tracestateHeader,
                HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state).value
            )
        }
        self.writeHTTP1Field(.date, varying.date)
        self.writeHTTP1RateLimitFields(varying.decision)
    }

    /// The rate-limit field lines of `decision`: the names and values ``RateLimitHeaders/forEach(_:_:)`` gives, in its
    /// order, written as bytes without building the values (every hit answers with them).
    mutating func writeHTTP1RateLimitFields(_ decision: RateDecision) {
        if let degradation = decision.degradation {
            self.writeHTTP1Field(RateLimitHeaders.degraded, RateLimitHeaders.degradedValue(degradation))
        }
        guard !decision.policies.isEmpty else { return }
        let described = RateLimitHeaders.described(decision.policies)
        self.writeHTTP1Field(RateLimitHeaders.policy, described.policyHeader)
        self.writeString(RateLimitHeaders.rateLimit.rawName)
        self.writeStaticString(": ")
        for (index, state) in decision.policies.enumerated() {
            if index > 0 { self.writeString(RateLimitHeaders.listSeparator) }
            self.writeString(described.quotedNames[index])
            self.writeString(RateLimitHeaders.remainingParameter)
            self.writeDecimal(state.remaining)
            self.writeString(RateLimitHeaders.resetParameter)
            self.writeDecimal(RateLimitHeaders.seconds(state.resetMilliseconds))
        }
        self.writeStaticString("\r\n")
        guard let tightest = RateLimitHeaders.tightest(decision) else { return }
        self.writeHTTP1Field(RateLimitHeaders.limit, decimal: tightest.policy.limit)
        self.writeHTTP1Field(RateLimitHeaders.remaining, decimal: tightest.remaining)
        self.writeHTTP1Field(RateLimitHeaders.reset, decimal: RateLimitHeaders.resetSeconds(tightest))
    }

    /// `traceparent: <TraceContext.traceparent>`, written from its parts (not the string made of them).
    mutating func writeHTTP1Traceparent(_ trace: TraceContext) {
        self.writeString(RequestTracingMiddleware.traceparentHeader.rawName)
        self.writeStaticString(": 00-")
        self.writeString(trace.traceID)
        self.writeStaticString("-")
        self.writeString(trace.spanID)
        self.writeStaticString("-")
        self.writeString(trace.flags)
        self.writeStaticString("\r\n")
    }

    private mutating func writeHTTP1Field(_ name: HTTPField.Name, decimal value: Int) {
        self.writeString(name.rawName)
        self.writeStaticString(": ")
        self.writeDecimal(value)
        self.writeStaticString("\r\n")
    }

    /// `value` in decimal, as `String(value)` spells it, without making the string.
    mutating func writeDecimal<Value: FixedWidthInteger>(_ value: Value) {
        var digits = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let sign = value < 0 ? 1 : 0
        self.writeWithUnsafeMutableBytes(minimumWritableBytes: sign + digits) { bytes in
            if sign == 1 { bytes[0] = UInt8(ascii: "-") }
            var magnitude = value.magnitude
            for index in stride(from: sign + digits - 1, through: sign, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            }
            return sign + digits
        }
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
