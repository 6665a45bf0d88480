import NIOCore
import TagPulseWire

/// Multiplexes many calls over one engine connection: remembers each call's promise by `id`, completes it with
/// the response frame that carries the same `id` (in any order), fails it at its deadline (and tells the engine
/// to `cancel`), and fails every pending call when the connection goes away. Event-loop confined.
///
/// A write's promise succeeds once the call is registered here: from then on this handler alone completes the
/// call's response promise, exactly once. A response frame above the gateway's frame limit fails its own call with
/// `RESULT_TOO_LARGE` and leaves the others alone (``EngineResponseFrameDecoder`` skips its bytes); only one whose
/// id cannot be read costs the connection.
final class EngineMultiplexHandler: ChannelDuplexHandler {
    typealias InboundIn = EngineResponseFrameDecoder.Frame
    typealias OutboundIn = EngineCall
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var response: EventLoopPromise<ByteBuffer>
        var timeout: Scheduled<Void>
    }

    private var pending: [String: Pending] = [:]
    private var isActive = true
    private let codec = WireCodec()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let call = self.unwrapOutboundIn(data)
        guard self.isActive, context.channel.isActive else {
            promise?.fail(EngineClientError.connectionLost)
            return
        }
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(deadline: call.deadline) {
            self.expire(call.id, context: loopBoundContext.value)
        }
        self.pending[call.id] = Pending(response: call.response, timeout: timeout)
        promise?.succeed()
        context.write(self.wrapOutboundOut(call.payload)).assumeIsolated().whenFailure { error in
            self.fail(call.id, with: .connectionLost)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame: ByteBuffer
        switch self.unwrapInboundIn(data) {
        case .frame(let payload):
            frame = payload
        case .oversized(let id?, let length):
            let error = WireError(
                code: .resultTooLarge,
                message: "the engine's answer (\(length) bytes) exceeds the gateway's frame limit; ask for fewer posts or comments"
            )
            self.fail(id, with: .engine(error))
            return
        case .oversized(nil, let length):
            self.failAll(.protocolViolation("a response frame of \(length) bytes, over the frame limit, without a readable id"))
            context.close(promise: nil)
            return
        }
        guard let header = try? self.codec.decodeResponseHeader(frame) else {
            self.failAll(.protocolViolation("unreadable response frame"))
            context.close(promise: nil)
            return
        }
        guard let id = header.id else {
            // The engine could not read one of our frames (BAD_FRAME) and closes the connection.
            self.failAll(.protocolViolation(header.error?.message ?? "response without id"))
            context.close(promise: nil)
            return
        }
        // A response to a call that already timed out (or to a cancel) finds nothing and is dropped.
        guard let entry = self.pending.removeValue(forKey: id) else { return }
        entry.timeout.cancel()
        entry.response.succeed(frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isActive = false
        self.failAll(.connectionLost)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.failAll(Self.kind(of: error))
        context.close(promise: nil)
    }

    /// A connection that breaks (an I/O error, or the stream ending inside a frame: the engine died mid-answer) is
    /// a lost connection, which clients get as a 503 to retry; only bytes that break the protocol are a violation.
    static func kind(of error: any Error) -> EngineClientError.Kind {
        switch error {
        case is IOError, is ChannelError, EngineFrameError.truncatedFrame:
            .connectionLost
        default:
            .protocolViolation("\(error)")
        }
    }

    var inFlight: Int { self.pending.count }

    private func expire(_ id: String, context: ChannelHandlerContext) {
        guard self.pending[id] != nil else { return }
        self.fail(id, with: .timedOut)
        let cancel = WireRequest(id: "cancel-\(id)", method: .cancel, params: CancelParams(id: id))
        if let payload = try? self.codec.encode(cancel, allocator: context.channel.allocator), context.channel.isActive {
            context.writeAndFlush(self.wrapOutboundOut(payload), promise: nil)
        }
    }

    private func fail(_ id: String, with kind: EngineClientError.Kind) {
        guard let entry = self.pending.removeValue(forKey: id) else { return }
        entry.timeout.cancel()
        entry.response.fail(EngineClientError(kind))
    }

    private func failAll(_ kind: EngineClientError.Kind) {
        let entries = self.pending
        self.pending.removeAll()
        for entry in entries.values {
            entry.timeout.cancel()
            entry.response.fail(EngineClientError(kind))
        }
    }
}
