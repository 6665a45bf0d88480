import Foundation

/// Blocking round trips on a plain TCP socket, one command at a time: the floor any client can reach for one
/// command (what `redis-cli --latency` measures, at microsecond resolution).
struct BlockingConnection: ~Copyable {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 4096)

    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw BenchError("connect")
        }
        self.fd = fd
    }

    deinit { close(self.fd) }

    /// A command in RESP, built before the clock starts.
    static func encode(_ arguments: [String]) -> [UInt8] {
        var request = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            let bytes = Array(argument.utf8)
            request += Array("$\(bytes.count)\r\n".utf8) + bytes + Array("\r\n".utf8)
        }
        return request
    }

    /// Sends one encoded command and reads its whole reply; returns the reply's bytes.
    mutating func roundTrip(_ request: [UInt8]) throws -> ArraySlice<UInt8> {
        guard write(self.fd, request, request.count) == request.count else { throw BenchError("write") }
        var length = 0
        while true {
            if length == self.buffer.count { self.buffer += [UInt8](repeating: 0, count: self.buffer.count) }
            let count = self.buffer.withUnsafeMutableBytes { read(self.fd, $0.baseAddress! + length, $0.count - length) }
            guard count > 0 else { throw BenchError("read") }
            length += count
            if let end = respEnd(self.buffer, from: 0, to: length) {
                guard end == length else { throw BenchError("trailing bytes after a reply") }
                guard self.buffer[0] != UInt8(ascii: "-") else {
                    throw BenchError("error reply: \(String(decoding: self.buffer[1..<length], as: UTF8.self))")
                }
                return self.buffer[0..<length]
            }
        }
    }
}

/// The index just past the RESP2 value starting at `start`, or nil if `bytes[start..<end]` does not hold all of it.
func respEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
    guard start < end else { return nil }
    var lineEnd = start + 1
    while lineEnd + 1 < end, !(bytes[lineEnd] == 13 && bytes[lineEnd + 1] == 10) { lineEnd += 1 }
    guard lineEnd + 1 < end else { return nil }
    let after = lineEnd + 2
    switch bytes[start] {
    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"):
        return after
    case UInt8(ascii: "$"):
        guard let length = respInteger(bytes, start + 1, lineEnd) else { return nil }
        if length < 0 { return after }
        return after + length + 2 <= end ? after + length + 2 : nil
    case UInt8(ascii: "*"):
        guard let count = respInteger(bytes, start + 1, lineEnd) else { return nil }
        var position = after
        for _ in 0..<max(count, 0) {
            guard let next = respEnd(bytes, from: position, to: end) else { return nil }
            position = next
        }
        return position
    default:
        return nil
    }
}

/// A decimal header (`-1`, `12`) without building a String: this runs inside the timed round trip.
func respInteger(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
    guard start < end else { return nil }
    let negative = bytes[start] == UInt8(ascii: "-")
    var value = 0
    for index in (negative ? start + 1 : start)..<end {
        let digit = Int(bytes[index]) - 48
        guard (0...9).contains(digit) else { return nil }
        value = value * 10 + digit
    }
    return negative ? -value : value
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
    var microseconds: Double { self.seconds * 1e6 }
}

extension Array where Element == Double {
    func percentile(_ fraction: Double) -> Double {
        guard !self.isEmpty else { return .nan }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
