import Logging
import NIOCore
import NIOPosix

extension RedisConnection {
    /// Credentials and settings sent once a connection is up.
    struct Setup: Sendable {
        var username: String?
        var password: String?
        var database: Int = 0
        var clientName: String?
        /// Refuse the connection unless `ROLE` says master (after a Sentinel failover the old master is a replica).
        var requireMaster = false
    }

    /// Connects and runs the set-up (`AUTH`, `SELECT`, `CLIENT SETNAME`, `ROLE`, `PING`) in one round trip, within
    /// `timeout`.
    static func connect(
        to address: RedisServerAddress,
        setup: Setup,
        timeout: Duration,
        maximumReplyBytes: Int,
        eventLoop: any EventLoop
    ) async throws(RedisClientError) -> RedisConnection {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder(maximumReplyBytes: maximumReplyBytes)))
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler())
                }
            }
        let channel: any Channel
        do {
            switch address.base {
            case .hostname(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
            case .unixDomainSocket(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw RedisClientError(.unavailable, "could not connect to redis at \(address)")
        }
        let connection: RedisConnection
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: RedisCommandHandler.self), eventLoop: channel.eventLoop)
            }.get()
            connection = RedisConnection(channel: channel, address: address, handler: handler)
        } catch {
            channel.close(promise: nil)
            throw .connectionClosed
        }
        do {
            try await connection.runSetup(setup, deadline: deadline)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private func runSetup(_ setup: Setup, deadline: NIODeadline) async throws(RedisClientError) {
        var commands: [(RedisCommand, String)] = []
        if let password = setup.password {
            let arguments: [RedisCommand.Argument] = setup.username.map { [.string($0), .string(password)] } ?? [.string(password)]
            commands.append((RedisCommand("AUTH", arguments), "AUTH"))
        }
        if setup.database != 0 { commands.append((RedisCommand("SELECT", [.int(setup.database)]), "SELECT")) }
        if let name = setup.clientName { commands.append((RedisCommand("CLIENT", ["SETNAME", .string(name)]), "CLIENT SETNAME")) }
        if setup.requireMaster { commands.append((RedisCommand("ROLE"), "ROLE")) }
        // Last, so a server that wants a password we do not have fails here (NOAUTH), not on the first real command.
        commands.append((.ping, "PING"))
        let replies: [RESPValue]
        do {
            replies = try await self.pipeline(commands.map(\.0), deadline: deadline).get()
        } catch let error as RedisClientError {
            throw error
        } catch {
            throw .connectionClosed
        }
        for (reply, (_, label)) in zip(replies, commands) {
            if case .error(let message) = reply {
                // The server's message names the problem (WRONGPASS, NOAUTH, ERR DB index…), never the password.
                throw RedisClientError(.configuration, "redis refused \(label): \(message)")
            }
            if label == "ROLE", reply.array?.first?.string != "master" {
                throw RedisClientError(.unavailable, "redis at \(self.address) is not a master")
            }
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
