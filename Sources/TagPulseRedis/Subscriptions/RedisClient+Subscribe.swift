import TagPulseResilience

extension RedisClient {
    /// Messages published on `channels`, on a dedicated connection to the (current) master that resubscribes after
    /// every reconnect. Nothing happens until the iteration starts; see ``RedisSubscription``. `onSubscribed` runs
    /// each time Redis confirms the subscription (the first time and after every reconnect).
    ///
    /// ```swift
    /// for await message in client.subscribe(to: ["tp:revoked"]) { … }
    /// ```
    public func subscribe(to channels: [String], onSubscribed: @escaping @Sendable () -> Void = {}) -> RedisSubscription {
        var subscription = RedisSubscription(
            channels: channels,
            backoff: Backoff(minimum: self.configuration.reconnectMinimum, maximum: self.configuration.reconnectMaximum),
            random: self.random,
            logger: self.logger,
            connect: { _ throws(RedisClientError) in
                try await RedisConnection.connect(
                    to: try await self.resolveAddress(),
                    setup: self.connectionSetup,
                    timeout: self.configuration.connectTimeout,
                    maximumReplyBytes: self.configuration.maximumReplyBytes,
                    eventLoop: self.eventLoopGroup.next()
                )
            }
        )
        subscription.onSubscribed = onSubscribed
        return subscription
    }
}
