import Logging
import NIOCore
import TagPulseResilience

/// Messages published on some channels, received on a dedicated connection, as an `AsyncSequence`.
///
/// Iteration drives the connection, without background tasks: the first `next()` connects and sends `SUBSCRIBE`; when
/// the connection drops, `next()` reconnects (with jittered backoff) and subscribes again, so the sequence survives a
/// Redis restart or failover (messages published while it was down are lost, as with any Redis pub/sub). Ending the
/// iteration (break, or cancelling the task) closes the connection, which unsubscribes. The sequence never throws and
/// ends only when its task is cancelled or the iteration stops.
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisMessage
    public typealias Failure = Never

    let channels: [String]
    let backoff: Backoff
    let random: @Sendable () -> Double
    let logger: Logger
    /// Opens and sets up a connection; `attempt` counts consecutive failures (used to rotate through sentinels).
    let connect: @Sendable (_ attempt: Int) async throws(RedisClientError) -> RedisConnection
    /// Called each time Redis confirms the subscription to the first channel, on every (re)connection: messages
    /// published while the previous connection was down are lost, and a subscriber can make good for them here.
    var onSubscribed: @Sendable () -> Void = {}

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: SubscriptionState(subscription: self))
    }

    /// Reads the next message, reconnecting and resubscribing as needed.
    public struct Iterator: AsyncIteratorProtocol {
        let state: SubscriptionState

        public mutating func next() async -> RedisMessage? {
            await self.state.next()
        }
    }
}

/// The connection behind one iteration; closing it on `deinit` ends the subscription when the iteration is dropped.
final class SubscriptionState {
    private let subscription: RedisSubscription
    private var connection: RedisConnection?
    private var replies: AsyncStream<RESPValue>.Iterator?
    private var backoff: Backoff
    private var failures = 0

    init(subscription: RedisSubscription) {
        self.subscription = subscription
        self.backoff = subscription.backoff
    }

    deinit {
        self.connection?.close()
    }

    func next() async -> RedisMessage? {
        while !Task.isCancelled {
            guard var replies = self.replies else {
                await self.subscribe()
                continue
            }
            let reply = await replies.next()
            self.replies = replies
            guard let reply else {
                // The connection closed (or the task was cancelled): drop it and subscribe again.
                self.connection?.close()
                self.connection = nil
                self.replies = nil
                if !Task.isCancelled {
                    self.subscription.logger.info(
                        "redis.subscription.disconnected",
                        metadata: ["redis.channels": .stringConvertible(self.subscription.channels.count)]
                    )
                }
                continue
            }
            if let message = RedisMessage(push: reply) { return message }
            if Self.confirmsSubscription(reply, to: self.subscription.channels.first) { self.subscription.onSubscribed() }
        }
        self.connection?.close()
        self.connection = nil
        self.replies = nil
        return nil
    }

    /// `["subscribe", channel, count]`, Redis's confirmation of a `SUBSCRIBE`.
    static func confirmsSubscription(_ reply: RESPValue, to channel: String?) -> Bool {
        guard let parts = reply.array, parts.count == 3, parts[0].string == "subscribe" else { return false }
        return parts[1].string == channel
    }

    /// One attempt to connect and subscribe; sleeps the backoff delay when it fails.
    private func subscribe() async {
        do {
            let connection = try await self.subscription.connect(self.failures)
            let stream = try await connection.enterPushMode()
            connection.writePush(RedisCommand("SUBSCRIBE", self.subscription.channels.map { .string($0) }))
            self.connection = connection
            self.replies = stream.makeAsyncIterator()
            self.failures = 0
            self.backoff.reset()
        } catch {
            self.failures += 1
            try? await Task.sleep(for: self.backoff.next(random: self.subscription.random))
        }
    }
}
