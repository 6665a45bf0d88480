extension TraceContext {
    /// The `traceparent` flags' sampled bit.
    public var isSampled: Bool {
        guard let last = self.flags.utf8.last else { return false }
        // The low bit of the last hex digit: `1 3 5 7 9 b d f` (ASCII `1` is 0x31, `b` 0x62, …).
        switch last {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return (last - UInt8(ascii: "0")) & 1 == 1
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return (last - UInt8(ascii: "a") + 10) & 1 == 1
        default: return false
        }
    }
}
