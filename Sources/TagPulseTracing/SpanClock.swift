#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time for span timestamps. A span's start is read from the wall clock once and its end is the start
/// plus the monotonic duration, so a clock step during a request does not make a span end before it started.
public enum SpanClock {
    /// Nanoseconds since the Unix epoch (`CLOCK_REALTIME`, a vDSO call).
    public static func nowUnixNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
