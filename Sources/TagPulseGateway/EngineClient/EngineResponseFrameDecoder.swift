import NIOCore
import TagPulseWire

/// Splits the engine's byte stream into response frames, like ``EngineFrameDecoder``, except that a frame above
/// `maximumFrameBytes` costs only its own call: the decoder reads the first bytes of its payload for the response's
/// `id`, reports ``Frame/oversized(id:length:)``, then discards the rest of the frame as it arrives (never buffering
/// more than a read's worth), and the connection carries on with the next frame. An empty frame or a stream that
/// ends inside a frame still ends the connection (``EngineFrameError``).
struct EngineResponseFrameDecoder: ByteToMessageDecoder {
    enum Frame: Sendable, Equatable {
        /// A whole frame's payload.
        case frame(ByteBuffer)
        /// A frame above the limit, being skipped; `id` is its response's id when its first bytes name one.
        case oversized(id: String?, length: Int)
    }

    typealias InboundOut = Frame

    /// How many payload bytes are read to find the `id` of an oversized frame (`{"v":1,"id":"g42",…` is at the
    /// start of every engine response).
    static let idSearchBytes = 512

    let maximumFrameBytes: Int
    /// The oversized frame being skipped: its bytes still to discard, and its first bytes until the id is known.
    private var skipping: (remaining: Int, length: Int, head: ByteBuffer?)?

    init(maximumFrameBytes: Int = EngineFrameDecoder.defaultMaximumFrameBytes) {
        precondition(maximumFrameBytes >= 1, "maximumFrameBytes must be at least 1")
        self.maximumFrameBytes = maximumFrameBytes
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if self.skipping != nil { return self.skip(context: context, buffer: &buffer) }
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else { return .needMoreData }
        guard length > 0 else { throw EngineFrameError.emptyFrame }
        guard length <= self.maximumFrameBytes else {
            buffer.moveReaderIndex(forwardBy: 4)
            self.skipping = (Int(length), Int(length), ByteBuffer())
            return .continue
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(.frame(buffer.readSlice(length: Int(length))!)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        let state = try self.decode(context: context, buffer: &buffer)
        if state == .continue { return .continue }
        if let skipping = self.skipping {
            self.skipping = nil
            throw EngineFrameError.truncatedFrame(receivedBytes: skipping.length - skipping.remaining + buffer.readableBytes)
        }
        if buffer.readableBytes > 0 {
            let pending = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: pending)
            throw EngineFrameError.truncatedFrame(receivedBytes: pending)
        }
        return .needMoreData
    }

    /// Discards the oversized frame's bytes; reports it once its id is known (or cannot be).
    private mutating func skip(context: ChannelHandlerContext, buffer: inout ByteBuffer) -> DecodingState {
        guard var state = self.skipping, buffer.readableBytes > 0 else { return .needMoreData }
        let count = min(state.remaining, buffer.readableBytes)
        var chunk = buffer.readSlice(length: count)!
        state.remaining -= count
        if var head = state.head {
            head.writeBuffer(&chunk)
            if let id = Self.responseID(in: head) {
                context.fireChannelRead(Self.wrapInboundOut(.oversized(id: id, length: state.length)))
                state.head = nil
            } else if head.readableBytes >= Self.idSearchBytes || state.remaining == 0 {
                context.fireChannelRead(Self.wrapInboundOut(.oversized(id: nil, length: state.length)))
                state.head = nil
            } else {
                state.head = head
            }
        }
        self.skipping = state.remaining == 0 ? nil : state
        return .continue
    }

    /// The `"id":"…"` string of a response's first bytes: up to 128 characters of `A–Z a–z 0–9 . _ : -` (every id
    /// the gateway sends), nil when there is none or it is not yet complete.
    static func responseID(in head: ByteBuffer) -> String? {
        let bytes = Array(head.readableBytesView.prefix(Self.idSearchBytes))
        let key = Array(#""id""#.utf8)
        guard bytes.count > key.count else { return nil }
        for start in 0...(bytes.count - key.count) where bytes[start..<(start + key.count)].elementsEqual(key) {
            var index = start + key.count
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { continue }
            index += 1
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let valueStart = index + 1
            guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let value = bytes[valueStart..<end]
            guard (1...128).contains(value.count), value.allSatisfy(Self.isIDByte) else { return nil }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
