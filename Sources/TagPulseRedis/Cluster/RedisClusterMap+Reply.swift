extension RedisClusterMap {
    /// Reads a `CLUSTER SHARDS` reply (Redis 7+): shards as field/value lists, `slots` a flat list of range bounds,
    /// `nodes` with `endpoint` (or `ip`), `port`, `role` and `health`; failed nodes are left out. `origin` stands in
    /// for a node that reports no address (`?` or empty). Nil when the reply does not have that shape.
    public init?(shardsReply reply: RESPValue, origin: RedisServerAddress) {
        guard let shards = reply.array else { return nil }
        var ranges: [(slots: ClosedRange<Int>, shard: Shard)] = []
        for shard in shards {
            guard let fields = Self.fields(shard), let bounds = fields["slots"]?.array, let nodes = fields["nodes"]?.array else { return nil }
            var master: RedisServerAddress?
            var replicas: [RedisServerAddress] = []
            for node in nodes {
                guard let node = Self.fields(node), let port = (node["tls-port"] ?? node["port"])?.int, let role = node["role"]?.string else {
                    return nil
                }
                if let health = node["health"]?.string, health != "online" { continue }
                let host = [node["endpoint"]?.string, node["ip"]?.string].compactMap { $0 }.first { $0 != "" && $0 != "?" }
                let address = host.map { RedisServerAddress.hostname($0, port: port) } ?? origin.withPort(port)
                if role == "master" { master = address } else { replicas.append(address) }
            }
            guard let master, bounds.count.isMultiple(of: 2) else { continue }
            for pair in stride(from: 0, to: bounds.count, by: 2) {
                guard let start = bounds[pair].int, let end = bounds[pair + 1].int, start <= end else { return nil }
                ranges.append((start...end, Shard(master: master, replicas: replicas)))
            }
        }
        self.init(ranges: ranges)
    }

    /// Reads a `CLUSTER SLOTS` reply: `[start, end, [host, port, id…] (master), [host, port, id…] (replicas)…]`.
    public init?(slotsReply reply: RESPValue, origin: RedisServerAddress) {
        guard let entries = reply.array else { return nil }
        var ranges: [(slots: ClosedRange<Int>, shard: Shard)] = []
        for entry in entries {
            guard let items = entry.array, items.count >= 3, let start = items[0].int, let end = items[1].int, start <= end else { return nil }
            var nodes: [RedisServerAddress] = []
            for node in items[2...] {
                guard let parts = node.array, parts.count >= 2, let port = parts[1].int else { return nil }
                let host = parts[0].string.flatMap { $0 == "" || $0 == "?" ? nil : $0 }
                nodes.append(host.map { .hostname($0, port: port) } ?? origin.withPort(port))
            }
            ranges.append((start...end, Shard(master: nodes[0], replicas: Array(nodes.dropFirst()))))
        }
        self.init(ranges: ranges)
    }

    /// A flat `[name, value, name, value…]` list as a dictionary.
    private static func fields(_ value: RESPValue) -> [String: RESPValue]? {
        guard let items = value.array, items.count.isMultiple(of: 2) else { return nil }
        var fields: [String: RESPValue] = [:]
        for pair in stride(from: 0, to: items.count, by: 2) {
            guard let name = items[pair].string else { return nil }
            fields[name] = items[pair + 1]
        }
        return fields
    }
}

extension RedisServerAddress {
    /// The same host on another port (a cluster node that names no address is where we asked).
    func withPort(_ port: Int) -> RedisServerAddress {
        switch self.base {
        case .hostname(let host, _): .hostname(host, port: port)
        case .unixDomainSocket: self
        }
    }

    /// Reads `host:port` as a `MOVED`/`ASK` reply names a node (`[::1]:7000` or `::1:7000` for IPv6).
    init?(clusterEndpoint text: Substring) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { return nil }
        self = .hostname(String(host), port: port)
    }
}
