import NIOCore

/// Splits the gateway ⇄ engine byte stream into frames.
///
/// ```
/// +----------------------+---------------------------+
/// | length N (UInt32 BE) | N bytes of UTF-8 JSON      |
/// +----------------------+---------------------------+
/// ```
///
/// `1 ≤ N ≤ maximumFrameBytes`. A zero length or one above the maximum is rejected as soon as the four length
/// bytes arrive, before any payload is buffered, so a hostile peer cannot make the receiver allocate. Bytes left
/// over when the stream ends are a truncated frame. Errors are ``EngineFrameError``.
public struct EngineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The default largest payload accepted (32 MiB) on both sides: the largest allowed analysis (50 videos ×
    /// 200 comments with 500-character quotes) can exceed the 8 MiB first agreed (see docs/design-notes.md).
    public static let defaultMaximumFrameBytes = 32 * 1024 * 1024

    public let maximumFrameBytes: Int

    public init(maximumFrameBytes: Int = Self.defaultMaximumFrameBytes) {
        precondition(maximumFrameBytes >= 1, "maximumFrameBytes must be at least 1")
        self.maximumFrameBytes = maximumFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try self.nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if let frame = try self.nextFrame(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        }
        if buffer.readableBytes > 0 {
            let pending = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: pending)
            throw EngineFrameError.truncatedFrame(receivedBytes: pending)
        }
        return .needMoreData
    }

    /// Reads one frame's payload if it is complete; validates the length prefix as soon as it is readable.
    mutating func nextFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard length > 0 else { throw EngineFrameError.emptyFrame }
        guard length <= self.maximumFrameBytes else {
            throw EngineFrameError.frameTooLarge(length: Int(length), maximum: self.maximumFrameBytes)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }
}
