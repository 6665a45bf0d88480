#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking TCP connection to a loopback port for tests that need to send a request byte by byte (slow bodies,
/// slow heads) and read whatever comes back. Not thread-safe; one per task.
public final class RawHTTPConnection: @unchecked Sendable {
    public let descriptor: Int32

    /// Connects to `127.0.0.1:port`.
    public init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTPError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RawHTTPError("connect() failed: errno \(errno)")
        }
        self.descriptor = descriptor
    }

    deinit { close(self.descriptor) }

    /// Sends `text` (UTF-8); false when the peer has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            #if canImport(Glibc)
                Glibc.send(self.descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) == raw.count
            #else
                Darwin.send(self.descriptor, raw.baseAddress, raw.count, 0) == raw.count
            #endif
        }
    }

    /// Sends what the socket takes of `bytes` now, without waiting; how many it took (0 when none, or on an error).
    public func sendAvailable(_ bytes: ArraySlice<UInt8>) -> Int {
        let sent = bytes.withUnsafeBytes { raw in
            #if canImport(Glibc)
                Glibc.send(self.descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            #else
                Darwin.send(self.descriptor, raw.baseAddress, raw.count, MSG_DONTWAIT)
            #endif
        }
        return max(0, sent)
    }

    /// Reads and drops up to `bytes` bytes, waiting at most `timeoutSeconds` for each read; how many it read.
    public func discard(_ bytes: Int, timeoutSeconds: Int) -> Int {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        var total = 0
        while total < bytes {
            let count = read(self.descriptor, &buffer, min(buffer.count, bytes - total))
            guard count > 0 else { break }
            total += count
        }
        return total
    }

    /// What has arrived so far, as bytes, without waiting: empty when nothing has, nil once the peer closed and nothing
    /// is left (or on an error). Unlike
    /// ``readAvailable()``, a character split across two reads is not mangled: parse responses from these.
    public func readAvailableBytes() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(self.descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count > 0 { return Array(buffer.prefix(count)) }
        if count == 0 { return nil }
        return errno == EAGAIN || errno == EWOULDBLOCK ? [] : nil
    }

    /// ``readAvailableBytes()`` decoded as UTF-8 ("" when nothing has arrived; a character split across two reads is
    /// mangled: fine for heads and ASCII bodies).
    public func readAvailable() -> String? {
        self.readAvailableBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads until the peer closes the connection or `timeoutSeconds` pass; returns everything read.
    public func readUntilClosed(timeoutSeconds: Int) -> String {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(self.descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer.prefix(count)
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status code of the first response in `text` (`HTTP/1.1 408 …`), if any.
    public static func status(_ text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

public struct RawHTTPError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
