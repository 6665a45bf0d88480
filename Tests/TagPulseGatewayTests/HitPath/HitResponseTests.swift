import HTTPTypes
import NIOCore
import TagPulseAccess
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// A hit's own fields as the front writes them from their values are the lines the general pipeline's fields give,
/// byte for byte, whatever the decision and the trace context carry.
@Suite("HitResponse")
struct HitResponseTests {
    static let minute = RatePolicy(group: "requests", limit: 600, periodMilliseconds: 60_000)
    static let day = RatePolicy(group: "requests", limit: 10_000, periodMilliseconds: 86_400_000)

    static let cases: [HitResponse.Varying] = [
        HitResponse.Varying(
            freshness: .init(maxAge: 900, age: 0, ttl: 900),
            requestID: HitRequestID(sent: "0123456789abcdef0123456789abcdef"),
            trace: HitTrace(TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")),
            date: "Sun, 06 Dec 2026 10:00:00 GMT",
            decision: RateDecision(
                allowed: true,
                policies: [.init(policy: Self.minute, allowed: true, remaining: 599, resetMilliseconds: 100, retryAfterMilliseconds: 0)]
            )
        ),
        HitResponse.Varying(
            freshness: .init(maxAge: 0, age: 3_600, ttl: -12),
            requestID: HitRequestID(sent: "client-supplied.id:42"),
            trace: HitTrace(
                TraceContext(
                    traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
                    spanID: "00f067aa0ba902b7",
                    flags: "00",
                    state: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
                )
            ),
            date: "Sun, 06 Dec 2026 10:00:01 GMT",
            decision: RateDecision(
                allowed: true,
                policies: [
                    .init(policy: Self.minute, allowed: true, remaining: 3, resetMilliseconds: 59_001, retryAfterMilliseconds: 0),
                    .init(policy: Self.day, allowed: true, remaining: 42, resetMilliseconds: 3_600_000, retryAfterMilliseconds: 0),
                ],
                degradation: .local
            )
        ),
        HitResponse.Varying(
            freshness: .init(maxAge: 1, age: 5, ttl: 1),
            requestID: HitRequestID(sent: "r"),
            trace: HitTrace(TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")),
            date: "Sun, 06 Dec 2026 10:00:02 GMT",
            decision: .unlimited
        ),
        // A drawn request id and a new trace, kept as words and spelled by the writer.
        HitResponse.Varying(
            freshness: .init(maxAge: 60, age: 1, ttl: 60),
            requestID: HitRequestID(drawn: (0x0123_4567_89ab_cdef, 0x00f0_67aa_0ba9_02b7)),
            trace: HitTrace.start(),
            date: "Sun, 06 Dec 2026 10:00:03 GMT",
            decision: .unlimited
        ),
    ]

    @Test(arguments: Self.cases)
    func theFrontWritesTheLinesTheFieldsGive(_ varying: HitResponse.Varying) {
        var fromValues = ByteBuffer()
        fromValues.writeHTTP1(estimate: 1) { $0.writeFields(varying) }
        var fromFields = ByteBuffer()
        fromFields.writeHTTP1Fields(varying.fields)
        #expect(String(buffer: fromValues) == String(buffer: fromFields))
        #expect(
            String(buffer: fromValues).hasPrefix("Cache-Control: private, max-age=\(varying.freshness.maxAge)\r\nAge: \(varying.freshness.age)\r\n")
        )
    }

    @Test func aPreparedHitReportsItsCacheStatusAndItsWholeResponse() {
        let varying = Self.cases[0]
        var fixed = HTTPFields()
        fixed[.contentType] = "application/json"
        let prepared = HitResponse.Prepared(status: .ok, fixedFields: fixed, fixedBytes: ByteBuffer(), own: .varying(varying), body: nil)
        #expect(prepared.cacheStatus == "TagPulse; hit; ttl=900")
        #expect(prepared.response.headerFields.count == 1 + varying.fields.count)
        #expect(prepared.response.headerFields[.contentType] == "application/json")
        #expect(prepared.response.headerFields[RateLimitHeaders.remaining] == "599")
    }
}
