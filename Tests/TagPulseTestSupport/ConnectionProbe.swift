#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks, from the client side of a raw socket, that the server has ended the connection.
public enum ConnectionProbe {
    /// Reads one byte with a timeout: true at end of stream, or on a reset (a connection the listener never accepted
    /// before it closed); false, with what `read` returned, when the connection is still open or sent data.
    public static func hasEnded(_ descriptor: Int32, timeoutSeconds: Int = 5) -> (ended: Bool, detail: String) {
        var byte: UInt8 = 0
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let count = read(descriptor, &byte, 1)
        let error = errno
        return (count == 0 || (count < 0 && error == ECONNRESET), "read \(count), errno \(error)")
    }
}
