extension RedisConfiguration {
    /// A configuration from a URL, other settings at their defaults.
    ///
    /// - `redis://[user[:password]@]host[:port][/db]` (IPv6 hosts in brackets; user and password percent-decoded)
    /// - `unix:///path/to/redis.sock[?db=N]`
    ///
    /// `rediss://` is refused: this build has no TLS. Errors name the problem, never the password.
    public init(url: String) throws(RedisClientError) {
        self.init()
        if url.hasPrefix("rediss://") {
            throw RedisClientError(.configuration, "rediss:// (TLS) is not supported by this build; use redis:// or a unix:// socket")
        }
        if url.hasPrefix("unix://") {
            let rest = url.dropFirst("unix://".count)
            let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            guard path.hasPrefix("/") else { throw RedisClientError(.configuration, "redis unix URL needs an absolute socket path") }
            self.address = .unixDomainSocket(path: path)
            if parts.count == 2 {
                for pair in parts[1].split(separator: "&") {
                    let keyValue = pair.split(separator: "=", maxSplits: 1)
                    guard keyValue.count == 2, keyValue[0] == "db", let database = Int(keyValue[1]), database >= 0 else {
                        throw RedisClientError(.configuration, "redis unix URL has an invalid query (only db=N is supported)")
                    }
                    self.database = database
                }
            }
            return
        }
        guard url.hasPrefix("redis://") else {
            throw RedisClientError(.configuration, "redis URL must start with redis:// or unix://")
        }
        var rest = Substring(url.dropFirst("redis://".count))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = try Self.percentDecoded(credentials[..<colon], what: "user name")
                self.username = user.isEmpty ? nil : user
                self.password = try Self.percentDecoded(credentials[credentials.index(after: colon)...], what: "password")
            } else if !credentials.isEmpty {
                self.username = try Self.percentDecoded(credentials, what: "user name")
            }
        }
        let hostPort: Substring
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            let databaseText = rest[rest.index(after: slash)...]
            if !databaseText.isEmpty {
                guard let database = Int(databaseText), database >= 0 else {
                    throw RedisClientError(.configuration, "redis URL has an invalid database number")
                }
                self.database = database
            }
        } else {
            hostPort = rest
        }
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw RedisClientError(.configuration, "redis URL has an unclosed IPv6 bracket") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw RedisClientError(.configuration, "redis URL has text after the IPv6 address")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        if host.isEmpty { host = "127.0.0.1" }
        var port = 6379
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw RedisClientError(.configuration, "redis URL has an invalid port")
            }
            port = parsed
        }
        self.address = .hostname(String(host), port: port)
    }

    private static func percentDecoded(_ text: Substring, what: String) throws(RedisClientError) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                throw RedisClientError(.configuration, "redis URL has an invalid percent escape in the \(what)")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
