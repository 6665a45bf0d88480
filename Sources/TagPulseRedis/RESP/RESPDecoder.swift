import NIOCore

/// Decodes the bytes from Redis into ``RESPValue``s with hiredis's reader.
///
/// Every byte is handed to the reader at once (it keeps its own buffer), then each complete reply is passed on. A
/// reader error is thrown as a ``RedisClientError/Code/protocol`` error, which closes this connection only.
final class RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    private let reader: HiredisReader

    init(maximumReplyBytes: Int) {
        self.reader = HiredisReader(maximumBufferedBytes: maximumReplyBytes)
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try buffer.withUnsafeReadableBytes { bytes throws(RedisClientError) in try self.reader.feed(bytes) }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        while let value = try self.reader.next() {
            context.fireChannelRead(Self.wrapInboundOut(value))
        }
        return .needMoreData
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try self.decode(context: context, buffer: &buffer)
    }
}
