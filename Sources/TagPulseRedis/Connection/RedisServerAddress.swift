/// Where a Redis server (or Sentinel) listens: a TCP host and port, or a Unix-domain socket.
public struct RedisServerAddress: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case hostname(String, port: Int)
        case unixDomainSocket(path: String)
    }

    let base: Base

    /// A TCP address (`127.0.0.1`, `::1`, a host name).
    public static func hostname(_ hostname: String, port: Int = 6379) -> RedisServerAddress {
        RedisServerAddress(base: .hostname(hostname, port: port))
    }

    /// A Unix-domain socket path.
    public static func unixDomainSocket(path: String) -> RedisServerAddress {
        RedisServerAddress(base: .unixDomainSocket(path: path))
    }

    /// `host:port` or `unix:path`; safe to log as `redis.address`.
    public var description: String {
        switch self.base {
        case .hostname(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixDomainSocket(let path): "unix:\(path)"
        }
    }
}
