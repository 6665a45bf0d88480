import Logging
import NIOCore
import TagPulseResilience

extension RedisClient {
    /// Listens for `+switch-master` on the sentinels (rotating through them) and, when our master moves, closes every
    /// pooled connection: each slot then reconnects to the master the sentinels now name. Runs until cancelled.
    func followFailovers(_ sentinel: RedisConfiguration.Sentinel) async {
        let resolver = RedisSentinelResolver(sentinel: sentinel, timeout: self.configuration.connectTimeout, eventLoopGroup: self.eventLoopGroup)
        let events = RedisSubscription(
            channels: ["+switch-master"],
            backoff: Backoff(minimum: self.configuration.reconnectMinimum, maximum: self.configuration.reconnectMaximum),
            random: self.random,
            logger: self.logger,
            connect: { attempt throws(RedisClientError) in
                try await RedisConnection.connect(
                    to: sentinel.addresses[attempt % sentinel.addresses.count],
                    setup: resolver.setup,
                    timeout: self.configuration.connectTimeout,
                    maximumReplyBytes: 1 << 20,
                    eventLoop: self.eventLoopGroup.next()
                )
            }
        )
        for await event in events {
            // "<master name> <old ip> <old port> <new ip> <new port>"
            let fields = String(buffer: event.payload).split(separator: " ")
            guard fields.count == 5, fields[0] == sentinel.masterName else { continue }
            self.logger.info("redis.sentinel.switch_master", metadata: ["redis.address": "\(fields[3]):\(fields[4])"])
            self.pool.closeAll()
        }
    }
}
