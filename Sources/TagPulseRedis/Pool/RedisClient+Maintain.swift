import Logging
import NIOCore
import TagPulseResilience

extension RedisClient {
    /// Keeps one pool slot connected until cancelled (graceful shutdown cancels `run()`), or, for a cluster node's
    /// pool, until the node stops being a master.
    func maintain(slot: Int, of pool: RedisConnectionPool, node: RedisServerAddress? = nil) async {
        var backoff = Backoff(minimum: self.configuration.reconnectMinimum, maximum: self.configuration.reconnectMaximum)
        var wasUp = true
        let isWanted: @Sendable () -> Bool = { node.map { self.clusterNodes?.isCurrent(pool, for: $0) ?? false } ?? true }
        while !Task.isCancelled && isWanted() {
            do {
                let address: RedisServerAddress
                if let node {
                    address = node
                } else {
                    address = try await self.resolveAddress()
                }
                let connection = try await RedisConnection.connect(
                    to: address,
                    setup: self.connectionSetup,
                    timeout: self.configuration.connectTimeout,
                    maximumReplyBytes: self.configuration.maximumReplyBytes,
                    eventLoop: self.eventLoopGroup.next()
                )
                pool.set(connection, at: slot)
                let metadata: Logger.Metadata = ["redis.address": "\(address)", "redis.slot": .stringConvertible(slot)]
                if wasUp {
                    self.logger.debug("redis.connected", metadata: metadata)
                } else {
                    self.logger.info("redis.reconnected", metadata: metadata)
                }
                wasUp = true
                backoff.reset()
                await self.watch(connection, while: isWanted)
                pool.set(nil, at: slot)
                // A cluster node lost: its slots may have a new master.
                self.clusterNodes?.requestRefresh()
                if !Task.isCancelled { self.logger.info("redis.disconnected", metadata: metadata) }
            } catch {
                if wasUp {
                    self.logger.info("redis.connect_failed", metadata: ["redis.slot": .stringConvertible(slot), "redis.error": "\(error.code)"])
                }
                wasUp = false
                self.clusterNodes?.requestRefresh()
            }
            guard !Task.isCancelled && isWanted() else { break }
            try? await Task.sleep(for: backoff.next(random: self.random))
        }
    }

    var connectionSetup: RedisConnection.Setup {
        RedisConnection.Setup(
            username: self.configuration.username,
            password: self.configuration.password,
            database: self.configuration.database,
            clientName: self.configuration.clientName,
            requireMaster: self.configuration.sentinel != nil
        )
    }

    /// The server to connect to: the configured one, the master the sentinels name now, or (cluster) a known node,
    /// a different one on each call.
    func resolveAddress() async throws(RedisClientError) -> RedisServerAddress {
        if let nodes = self.clusterNodes {
            let sources = nodes.mapSources
            return sources[Int.random(in: 0..<sources.count)]
        }
        guard let sentinel = self.configuration.sentinel else { return self.configuration.address }
        return try await RedisSentinelResolver(
            sentinel: sentinel,
            timeout: self.configuration.connectTimeout,
            eventLoopGroup: self.eventLoopGroup
        ).masterAddress()
    }

    /// Returns when `connection` closes; closes it when cancelled, when an idle health check fails, or when
    /// `isWanted` turns false (checked with the health check).
    private func watch(_ connection: RedisConnection, while isWanted: @escaping @Sendable () -> Bool) async {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await connection.channel.closeFuture.get() }
                group.addTask { await self.checkHealth(of: connection, while: isWanted) }
                await group.next()
                group.cancelAll()
            }
        } onCancel: {
            connection.close()
        }
    }

    /// Every ``RedisConfiguration/healthCheckInterval``, pings the connection if it sent nothing since the last check.
    private func checkHealth(of connection: RedisConnection, while isWanted: @Sendable () -> Bool) async {
        var lastSent = connection.sentCount
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: self.configuration.healthCheckInterval)
            } catch {
                return
            }
            guard connection.isActive else { return }
            guard isWanted() else {
                connection.close()
                return
            }
            if connection.sentCount == lastSent {
                let deadline = NIODeadline.now() + TimeAmount(self.configuration.commandTimeout)
                do {
                    _ = try await connection.send(.ping, deadline: deadline).get()
                } catch {
                    self.logger.info("redis.health_check_failed", metadata: ["redis.address": "\(connection.address)"])
                    connection.close()
                    return
                }
            }
            lastSent = connection.sentCount
        }
    }
}
