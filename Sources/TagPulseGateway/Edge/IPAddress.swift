import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as a value: parsed strictly (the system's `inet_pton`, so no ports, brackets, zone ids or
/// short IPv4 forms), printed canonically (`inet_ntop`: IPv6 lower-case and compressed).
///
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) *is* its IPv4 address here: a dual-stack listener reports IPv4
/// peers that way, and one client must get one address (and one per-IP rate limit) whichever form it arrives in.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    enum Value: Hashable, Sendable {
        case v4(UInt32)
        case v6(high: UInt64, low: UInt64)
    }

    let value: Value

    init(value: Value) {
        self.value = value
    }

    /// Parses one address; nil for anything else (surrounding spaces included: callers trim).
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count <= 64 else { return nil }
        if string.utf8.contains(UInt8(ascii: ":")) {
            var address = in6_addr()
            guard inet_pton(AF_INET6, string, &address) == 1 else { return nil }
            self.init(v6Bytes: withUnsafeBytes(of: &address) { Array($0) })
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, string, &address) == 1 else { return nil }
            self.init(value: .v4(UInt32(bigEndian: address.s_addr)))
        }
    }

    /// The IP of a NIO socket address; nil for a Unix domain socket.
    public init?(_ socketAddress: SocketAddress) {
        switch socketAddress {
        case .v4(let address):
            self.init(value: .v4(UInt32(bigEndian: address.address.sin_addr.s_addr)))
        case .v6(let address):
            var raw = address.address.sin6_addr
            self.init(v6Bytes: withUnsafeBytes(of: &raw) { Array($0) })
        case .unixDomainSocket:
            return nil
        }
    }

    /// 16 bytes in network order; IPv4-mapped addresses become IPv4.
    init(v6Bytes bytes: [UInt8]) {
        precondition(bytes.count == 16)
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if high == 0, low >> 32 == 0xffff {
            self.init(value: .v4(UInt32(truncatingIfNeeded: low)))
        } else {
            self.init(value: .v6(high: high, low: low))
        }
    }

    /// 127.0.0.0/8 or `::1`: only this host can reach it.
    public var isLoopback: Bool {
        switch self.value {
        case .v4(let bits): bits >> 24 == 127
        case .v6(let high, let low): high == 0 && low == 1
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self.value { return true }
        return false
    }

    /// Canonical text: dotted quad, or RFC 5952-style compressed lower-case IPv6 as `inet_ntop` prints it.
    public var description: String {
        switch self.value {
        case .v4(let bits):
            var address = in_addr()
            address.s_addr = bits.bigEndian
            return Self.format(family: AF_INET, &address, capacity: Int(INET_ADDRSTRLEN))
        case .v6(let high, let low):
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { raw in
                for index in 0..<8 {
                    raw[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                    raw[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
                }
            }
            return Self.format(family: AF_INET6, &address, capacity: Int(INET6_ADDRSTRLEN))
        }
    }

    private static func format<Address>(family: Int32, _ address: inout Address, capacity: Int) -> String {
        var buffer = [CChar](repeating: 0, count: capacity)
        let result = buffer.withUnsafeMutableBufferPointer { output in
            withUnsafePointer(to: &address) { inet_ntop(family, $0, output.baseAddress, socklen_t(capacity)) }
        }
        guard result != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
