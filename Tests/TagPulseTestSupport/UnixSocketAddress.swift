#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw `AF_UNIX` sockets for tests that must do what a process outside NIO does: leave a stale socket file
/// behind, or write bytes the engine cannot read.
public enum UnixSocketAddress {
    /// A new stream socket and the result of `operation` (`bind` or `connect`) on `path`; the caller closes it.
    public static func socket(
        at path: String,
        _ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> (descriptor: Int32, result: Int32) {
        #if canImport(Darwin)
            let descriptor = Darwin.socket(AF_UNIX, SOCK_STREAM, 0)
        #else
            let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
            raw[min(bytes.count, raw.count - 1)] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { operation(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return (descriptor, result)
    }
}
