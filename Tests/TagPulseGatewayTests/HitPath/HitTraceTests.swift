import NIOCore
import TagPulseTestSupport
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// A hit's ids kept as words are spelled as the `String`s they stand for: the same text in the response head (written
/// from the words) as in the log line and the general pipeline's fields (made into strings).
@Suite("HitTrace and HitRequestID")
struct HitTraceTests {
    @Test func aNewTraceIsTheTraceContextTheSameDrawsMake() {
        var words = SeededGenerator(seed: 7)
        var same = SeededGenerator(seed: 7)
        let trace = HitTrace(startingWith: &words)
        let context = TraceContext.start(using: &same)
        #expect(trace.context == context)
        #expect(trace.isSampled)
        #expect(trace.state == nil)
        #expect(Self.written(trace) == "traceparent: \(context.traceparent)\r\n")
    }

    /// All-zero ids are invalid: a zero trace id or span id draw is spelled ending in 1, as ``TraceContext`` spells it.
    @Test func zeroDrawsAreNeverAllZeroIds() {
        var zeros = Zeros()
        let trace = HitTrace(startingWith: &zeros)
        #expect(trace.context.traceID == String(repeating: "0", count: 31) + "1")
        #expect(trace.context.spanID == String(repeating: "0", count: 15) + "1")
        #expect(TraceContext(traceparent: trace.context.traceparent) != nil)
        #expect(Self.written(trace) == "traceparent: \(trace.context.traceparent)\r\n")
    }

    @Test func aClientsTraceIsWrittenAsItsContext() {
        let context = TraceContext(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", flags: "00", state: "rojo=1")
        let trace = HitTrace(context)
        #expect(trace.context == context)
        #expect(!trace.isSampled)
        #expect(trace.state == "rojo=1")
        #expect(Self.written(trace) == "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00\r\n")
    }

    @Test func aDrawnRequestIDIsSpelledAsRandomIDSpellsIt() {
        let id = HitRequestID(drawn: (0x0123_4567_89ab_cdef, 0x0000_0000_0000_00ff))
        #expect(id.string == "0123456789abcdef00000000000000ff")
        var head = ByteBuffer()
        head.writeHTTP1(estimate: 1) { $0.writeRequestID(id) }
        #expect(String(buffer: head) == "X-Request-ID: 0123456789abcdef00000000000000ff\r\n")
        let random = RequestTracingMiddleware.randomID()
        #expect(random.utf8.count == 32 && random.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(HitRequestID(sent: "client.id").string == "client.id")
    }

    private static func written(_ trace: HitTrace) -> String {
        var head = ByteBuffer()
        head.writeHTTP1(estimate: 1) { $0.writeTraceparent(trace) }
        return String(buffer: head)
    }

    private struct Zeros: RandomNumberGenerator {
        mutating func next() -> UInt64 { 0 }
    }
}
