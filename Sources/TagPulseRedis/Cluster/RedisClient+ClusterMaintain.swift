import Logging
import NIOCore

extension RedisClient {
    /// Keeps the slot map fresh and every master's pool connected until cancelled: one task reads the map (every
    /// `refreshInterval`, and within ~100 ms of a request: a `MOVED`, a lost connection, a call with no connection),
    /// and each new master's pool gets its ``maintain(slot:of:node:)`` loops, which end when it stops being a master.
    func maintainCluster(_ nodes: RedisClusterNodes, refreshInterval: Duration) async {
        let (added, continuation) = AsyncStream.makeStream(of: (RedisServerAddress, RedisConnectionPool).self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.refreshClusterMap(nodes, every: refreshInterval) { continuation.yield(($0, $1)) }
                continuation.finish()
            }
            for await (node, pool) in added {
                for slot in 0..<pool.size {
                    group.addTask { await self.maintain(slot: slot, of: pool, node: node) }
                }
            }
        }
    }

    private func refreshClusterMap(
        _ nodes: RedisClusterNodes,
        every interval: Duration,
        announce: (RedisServerAddress, RedisConnectionPool) -> Void
    ) async {
        let clock = ContinuousClock()
        var lastRead: ContinuousClock.Instant?
        var wasHealthy = true
        while !Task.isCancelled {
            let due = lastRead.map { clock.now - $0 >= interval } ?? true
            if nodes.takeRefreshRequest() || due {
                lastRead = clock.now
                let (map, problem) = await self.readClusterMap(from: nodes.mapSources, via: nodes)
                if let map {
                    if map != nodes.map {
                        self.logger.debug(
                            "redis.cluster.map",
                            metadata: ["redis.masters": "\(map.masters.map(\.description).joined(separator: ","))"]
                        )
                    }
                    for (node, pool) in nodes.install(map) { announce(node, pool) }
                }
                let healthy = map?.isComplete == true
                if !healthy {
                    // Keep reading until the cluster serves every slot again.
                    nodes.requestRefresh()
                    if wasHealthy {
                        let reason = problem ?? "uncovered slots: \(map?.uncoveredSlots ?? 0)"
                        self.logger.warning(
                            "redis.cluster.unhealthy",
                            metadata: ["redis.error": "\(reason)", "config.key": "\(self.configuration.cluster?.settingName ?? "cluster")"]
                        )
                    }
                } else if !wasHealthy {
                    self.logger.info("redis.cluster.healthy", metadata: ["redis.masters": "\(map?.masters.count ?? 0)"])
                }
                wasHealthy = healthy
            }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                return
            }
        }
    }

    /// The slot map from the first source that answers `CLUSTER SHARDS` (or, before Redis 7, `CLUSTER SLOTS`): a
    /// pooled connection when there is one, else a short-lived connection to each source in turn. On failure, why
    /// (naming the node).
    func readClusterMap(from sources: [RedisServerAddress], via nodes: RedisClusterNodes) async -> (RedisClusterMap?, String?) {
        let deadline = NIODeadline.now() + TimeAmount(self.configuration.connectTimeout)
        if let connection = nodes.connection(slot: nil), let map = await Self.readClusterMap(on: connection, deadline: deadline).0 {
            return (map, nil)
        }
        var problem: String?
        for source in sources {
            let connection: RedisConnection
            do {
                connection = try await RedisConnection.connect(
                    to: source,
                    setup: self.connectionSetup,
                    timeout: self.configuration.connectTimeout,
                    maximumReplyBytes: self.configuration.maximumReplyBytes,
                    eventLoop: self.eventLoopGroup.next()
                )
            } catch {
                problem = problem ?? "\(source): \(error.message)"
                continue
            }
            defer { connection.close() }
            let (map, reason) = await Self.readClusterMap(on: connection, deadline: .now() + TimeAmount(self.configuration.connectTimeout))
            if let map, map.isComplete { return (map, nil) }
            // A map that was read is whole or not; the reason is for a reply that could not be read.
            problem = "\(source): \(map.map { "uncovered slots: \($0.uncoveredSlots)" } ?? reason ?? "no slot map")"
            if let map, source == sources.last { return (map, problem) }
        }
        return (nil, problem ?? "no cluster node configured")
    }

    private static func readClusterMap(on connection: RedisConnection, deadline: NIODeadline) async -> (RedisClusterMap?, String?) {
        do {
            let shards = try await connection.send(RedisCommand("CLUSTER", ["SHARDS"]), deadline: deadline).get()
            return (RedisClusterMap(shardsReply: shards, origin: connection.address), "unreadable CLUSTER SHARDS reply")
        } catch let error as RedisClientError where error.code == .server && !error.message.contains("cluster support disabled") {
            // Before Redis 7: CLUSTER SLOTS.
            guard let slots = try? await connection.send(RedisCommand("CLUSTER", ["SLOTS"]), deadline: deadline).get() else {
                return (nil, "CLUSTER SLOTS failed")
            }
            return (RedisClusterMap(slotsReply: slots, origin: connection.address), "unreadable CLUSTER SLOTS reply")
        } catch let error as RedisClientError {
            return (nil, error.code == .server ? "not in cluster mode (\(error.message))" : error.message)
        } catch {
            return (nil, "connection closed")
        }
    }
}
