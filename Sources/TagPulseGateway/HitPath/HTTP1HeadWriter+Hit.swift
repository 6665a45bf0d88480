import HTTPTypes
import TagPulseAccess
import TagPulseCache
import TagPulseWire

// A hit's head as HTTP/1 bytes, written from its values (no field list built, no value checks: a hit's own values are
// made by the gateway or checked before).
extension HTTP1HeadWriter {
    /// The field lines of `varying.fields`, in its order.
    mutating func writeFields(_ varying: HitResponse.Varying) {
        self.write("Cache-Control: private, max-age=")
        self.writeDecimal(varying.freshness.maxAge)
        self.write("\r\n")
        self.write(CachedResponse.age.rawName)
        self.write(": ")
        self.writeDecimal(varying.freshness.age)
        self.write("\r\n")
        self.write(CachedResponse.cacheStatus.rawName)
        self.write(": ")
        self.write(CacheStatus.hitValuePrefix)
        self.writeDecimal(varying.freshness.ttl)
        self.write("\r\n")
        self.writeRequestID(varying.requestID)
        self.writeTraceparent(varying.trace)
        if let state = varying.trace.state {
            // A client's list, joined: written as a field would keep it.
            self.writeField(
                RequestTracingMiddleware.tracestateHeader,
                HTTPField(name: RequestTracingMiddleware.tracestateHeader, value: state).value
            )
        }
        self.writeField(.date, varying.date)
        self.writeRateLimitFields(varying.decision)
    }

    /// The rate-limit field lines of `decision`: the names and values ``RateLimitHeaders/forEach(_:_:)`` gives, in its
    /// order, written without building the values (every hit answers with them).
    mutating func writeRateLimitFields(_ decision: RateDecision) {
        if let degradation = decision.degradation {
            self.writeField(RateLimitHeaders.degraded, RateLimitHeaders.degradedValue(degradation))
        }
        guard !decision.policies.isEmpty else { return }
        let described = RateLimitHeaders.described(decision.policies)
        self.writeField(RateLimitHeaders.policy, described.policyHeader)
        self.write(RateLimitHeaders.rateLimit.rawName)
        self.write(": ")
        for (index, state) in decision.policies.enumerated() {
            if index > 0 { self.write(RateLimitHeaders.listSeparator) }
            self.write(described.quotedNames[index])
            self.write(RateLimitHeaders.remainingParameter)
            self.writeDecimal(state.remaining)
            self.write(RateLimitHeaders.resetParameter)
            self.writeDecimal(RateLimitHeaders.seconds(state.resetMilliseconds))
        }
        self.write("\r\n")
        guard let tightest = RateLimitHeaders.tightest(decision) else { return }
        self.writeField(RateLimitHeaders.limit, decimal: tightest.policy.limit)
        self.writeField(RateLimitHeaders.remaining, decimal: tightest.remaining)
        self.writeField(RateLimitHeaders.reset, decimal: RateLimitHeaders.resetSeconds(tightest))
    }

    /// `X-Request-ID: <id>`, a drawn id spelled from its words.
    mutating func writeRequestID(_ id: HitRequestID) {
        self.write(RequestTracingMiddleware.requestIDHeader.rawName)
        self.write(": ")
        id.spell(
            sent: { self.write($0) },
            drawn: { high, low in
                self.writeHex(high)
                self.writeHex(low)
            }
        )
        self.write("\r\n")
    }

    /// `traceparent: <TraceContext.traceparent>`, written from its parts (not the string made of them), a new trace's
    /// from its words.
    mutating func writeTraceparent(_ trace: HitTrace) {
        self.write(RequestTracingMiddleware.traceparentHeader.rawName)
        self.write(": 00-")
        trace.spell(
            context: { context in
                self.write(context.traceID)
                self.write(UInt8(ascii: "-"))
                self.write(context.spanID)
                self.write(UInt8(ascii: "-"))
                self.write(context.flags)
            },
            started: { high, low, span in
                self.writeHex(high)
                self.writeHex(low)
                self.write(UInt8(ascii: "-"))
                self.writeHex(span)
                self.write("-01")
            }
        )
        self.write("\r\n")
    }
}
