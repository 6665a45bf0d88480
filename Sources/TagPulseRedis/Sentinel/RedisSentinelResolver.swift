import NIOCore

/// Asks the sentinels, in order, where the master is (`SENTINEL get-master-addr-by-name`).
struct RedisSentinelResolver: Sendable {
    let sentinel: RedisConfiguration.Sentinel
    let timeout: Duration
    let eventLoopGroup: any EventLoopGroup

    var setup: RedisConnection.Setup {
        RedisConnection.Setup(username: self.sentinel.username, password: self.sentinel.password)
    }

    /// The master's address from the first sentinel that knows it.
    func masterAddress() async throws(RedisClientError) -> RedisServerAddress {
        for address in self.sentinel.addresses {
            guard
                let connection = try? await RedisConnection.connect(
                    to: address,
                    setup: self.setup,
                    timeout: self.timeout,
                    maximumReplyBytes: 1 << 20,
                    eventLoop: self.eventLoopGroup.next()
                )
            else { continue }
            defer { connection.close() }
            let command = RedisCommand("SENTINEL", ["get-master-addr-by-name", .string(self.sentinel.masterName)])
            let reply = try? await connection.send(command, deadline: .now() + TimeAmount(self.timeout)).get()
            if let master = reply.flatMap(Self.address(from:)) { return master }
        }
        throw RedisClientError(.unavailable, "no sentinel knows the master")
    }

    /// `[ip, port]` → an address.
    static func address(from reply: RESPValue) -> RedisServerAddress? {
        guard let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int else { return nil }
        return .hostname(host, port: port)
    }
}
