/// W3C Trace Context (`traceparent`, `tracestate`): the trace a request belongs to and the span that sent it.
///
/// The gateway accepts a valid `traceparent` from the client or the load balancer (else starts a trace), gives its
/// own work a new span id, logs `trace.id` / `span.id`, sends the context to the engine in the request envelope
/// (`traceparent`, `tracestate`) and returns its `traceparent` on the response. The engine does the same for its
/// part and sends a child `traceparent` on every upstream call (RapidAPI, OpenAI).
public struct TraceContext: Sendable, Equatable {
    /// 32 lower-case hex digits, not all zero.
    public var traceID: String
    /// 16 lower-case hex digits, not all zero: the span this context names (the sender's, on the wire).
    public var spanID: String
    /// Trace flags, 2 hex digits (`01`: sampled).
    public var flags: String
    /// The vendors' `tracestate`, passed on with the `traceparent` as the W3C rules say (``TraceState``): invalid
    /// members dropped, at most 32, at most 512 characters.
    public var state: String?

    public init(traceID: String, spanID: String, flags: String = "01", state: String? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.state = state
    }

    /// `00-<trace-id>-<span-id>-<flags>`.
    public var traceparent: String { "00-\(self.traceID)-\(self.spanID)-\(self.flags)" }

    /// A new trace (the request came without a valid `traceparent`): random ids, sampled.
    public static func start(using generator: inout some RandomNumberGenerator) -> TraceContext {
        TraceContext(traceID: Self.hex(generator.next(), generator.next()), spanID: Self.hex(generator.next()), flags: "01")
    }

    public static func start() -> TraceContext {
        var generator = TraceIDRandom()
        return Self.start(using: &generator)
    }

    /// The same trace, a new span (this process's work, or the call it is about to make).
    public func child(using generator: inout some RandomNumberGenerator) -> TraceContext {
        TraceContext(traceID: self.traceID, spanID: Self.hex(generator.next()), flags: self.flags, state: self.state)
    }

    public func child() -> TraceContext {
        var generator = TraceIDRandom()
        return self.child(using: &generator)
    }

    /// Parses `traceparent` as the W3C recommendation says: version `00` exactly `00-<32 hex>-<16 hex>-<2 hex>`; a
    /// later version (not `ff`) at least that much, then nothing or `-` and more; lower-case hex only; ids not all
    /// zero. nil when invalid (the caller starts a new trace). `tracestate` is kept only with a valid parent.
    public init?(traceparent: String?, tracestate: String? = nil) {
        guard let header = traceparent?.trimmingSpaces, header.utf8.count >= 55 else { return nil }
        let bytes = Array(header.utf8)
        guard bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-") else { return nil }
        let version = String(decoding: bytes[0..<2], as: UTF8.self)
        let traceID = String(decoding: bytes[3..<35], as: UTF8.self)
        let spanID = String(decoding: bytes[36..<52], as: UTF8.self)
        let flags = String(decoding: bytes[53..<55], as: UTF8.self)
        guard Self.isHex(version), version != "ff", Self.isHex(traceID), Self.isHex(spanID), Self.isHex(flags),
            traceID != String(repeating: "0", count: 32), spanID != String(repeating: "0", count: 16)
        else { return nil }
        if version == "00" {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != UInt8(ascii: "-") {
            return nil
        }
        self.init(traceID: traceID, spanID: spanID, flags: flags, state: TraceState.sanitized(tracestate))
    }

    static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A span id: one word as 16 lower-case hex digits.
    static func hex(_ word: UInt64) -> String {
        Self.hex(count: 1, word, 0)
    }

    /// A trace id: two words as 32 lower-case hex digits.
    static func hex(_ high: UInt64, _ low: UInt64) -> String {
        Self.hex(count: 2, high, low)
    }

    /// The first `count` (1 or 2) of `first`, `second` in hex. Two fixed arguments, not a variadic: a variadic's array
    /// would be allocated for every request (a new span each).
    private static func hex(count: Int, _ first: UInt64, _ second: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16 * count) { buffer in
            func write(_ word: UInt64, at start: Int) {
                for (offset, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
                    buffer[start + offset] = digits.utf8Start[Int((word >> UInt64(shift)) & 0xF)]
                }
            }
            write(first, at: 0)
            if count == 2 { write(second, at: 16) }
            // All-zero ids are invalid; a random 64-bit word is zero once in 2^64 draws.
            if first == 0, count == 1 || second == 0 { buffer[16 * count - 1] = UInt8(ascii: "1") }
            return 16 * count
        }
    }

    /// The trace context of the work the current task does (the engine sets it for a request's analysis, so the
    /// upstream calls it makes send a child `traceparent`).
    @TaskLocal public static var current: TraceContext?
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
