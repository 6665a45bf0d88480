import NIOCore

/// Writes each outbound payload as one frame: a 4-byte big-endian length, then the payload.
///
/// Refuses (throws ``EngineFrameError``) an empty payload or one above `maximumFrameBytes`, so this side never
/// sends what the other side must reject.
public struct EngineFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    public let maximumFrameBytes: Int

    public init(maximumFrameBytes: Int = EngineFrameDecoder.defaultMaximumFrameBytes) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes > 0 else { throw EngineFrameError.emptyFrame }
        guard data.readableBytes <= self.maximumFrameBytes else {
            throw EngineFrameError.frameTooLarge(length: data.readableBytes, maximum: self.maximumFrameBytes)
        }
        out.reserveCapacity(out.writerIndex + 4 + data.readableBytes)
        out.writeInteger(UInt32(data.readableBytes), endianness: .big)
        out.writeImmutableBuffer(data)
    }
}
