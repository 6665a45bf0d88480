import NIOCore

/// A message received on a subscribed channel.
public struct RedisMessage: Sendable, Hashable {
    /// The channel it was published on.
    public var channel: String
    /// The published bytes.
    public var payload: ByteBuffer

    public init(channel: String, payload: ByteBuffer) {
        self.channel = channel
        self.payload = payload
    }

    /// A `["message", channel, payload]` push; nil for anything else (subscribe confirmations, pongs).
    init?(push value: RESPValue) {
        guard let parts = value.array, parts.count == 3, parts[0].string == "message", let channel = parts[1].string,
            let payload = parts[2].buffer
        else { return nil }
        self.init(channel: channel, payload: payload)
    }
}
