import NIOCore

/// A message received on a subscribed channel.
public struct RedisMessage: Sendable, Hashable {
    /// The channel it was published on.
    public var channel: String
    /// The published bytes (empty for a subscription confirmation).
    public var payload: ByteBuffer
    /// True for the confirmation that the channel is (again) subscribed, delivered after every (re)connect: whatever
    /// was published while the subscription was down is lost, so a listener holding state derived from notices drops
    /// it here.
    public var isSubscribed: Bool

    public init(channel: String, payload: ByteBuffer, isSubscribed: Bool = false) {
        self.channel = channel
        self.payload = payload
        self.isSubscribed = isSubscribed
    }

    /// A `["message", channel, payload]` push, or a `["subscribe", channel, count]` confirmation; nil for anything
    /// else (pongs, unsubscribe confirmations).
    init?(push value: RESPValue) {
        guard let parts = value.array, parts.count == 3, let kind = parts[0].string, let channel = parts[1].string else { return nil }
        switch kind {
        case "message":
            guard let payload = parts[2].buffer else { return nil }
            self.init(channel: channel, payload: payload)
        case "subscribe":
            self.init(channel: channel, payload: ByteBuffer(), isSubscribed: true)
        default:
            return nil
        }
    }
}
