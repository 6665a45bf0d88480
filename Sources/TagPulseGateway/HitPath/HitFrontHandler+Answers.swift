import HTTPTypes
import NIOCore

// Writing an answer: a response's head (and a small body) in one buffer, a large body after it or as a file; a
// request the front does not answer lent to the general pipeline. An answer that comes later (from Redis) arrives here
// too (``HitAnswerReceiver``).
extension HitFrontHandler {
    /// Ends the request `raw`: writes `answer`'s response, or (forward, hand-over) lends `raw` to the general pipeline.
    func deliver(_ answer: HitAnswer, raw: ByteBuffer, context: ChannelHandlerContext) {
        self.activity.requestFinished()
        switch answer {
        case .respond(let response, let body):
            var head = context.channel.allocator.buffer(capacity: 1024 + Self.copiedBytes(of: body))
            head.writeHTTP1Head(response, bodyLength: body?.readableBytes ?? 0)
            self.write(head: &head, body: body.map { .bytes($0) } ?? .none, context: context)
        case .respondPrepared(let prepared):
            guard let body = prepared.outgoingBody(on: context.eventLoop) else {
                // Its file could not be read back: nothing truthful to send, and no head written.
                context.close(promise: nil)
                return
            }
            let capacity = prepared.fixedBytes.readableBytes + ByteBuffer.varyingHeadEstimate + Self.copiedBytes(of: prepared.body)
            var head = context.channel.allocator.buffer(capacity: capacity)
            head.writeHTTP1Head(prepared)
            self.write(head: &head, body: body, context: context)
        case .forward, .handOver:
            if case .handOver(let token) = answer { self.activity.handOver = token }
            self.lend(raw, context: context)
        }
    }

    /// A body up to this size is copied behind its head (one buffer to write); a larger one is written as it is.
    static let copiedBodyLimit = 4096

    static func copiedBytes(of body: ByteBuffer?) -> Int {
        guard let length = body?.readableBytes, length <= Self.copiedBodyLimit else { return 0 }
        return length
    }

    /// One write for a head and a small body (copied behind it), two for a larger body (no copy); a body in a file
    /// (``HotBodyFile``) goes as a `FileRegion` (`sendfile(2)`), whose handle stays open while the write is pending
    /// (``RetiredFileHandles``).
    ///
    /// `head` is taken `inout`: the only reference to its storage, so the body is copied into the room made for it.
    /// Taken by value and copied into a `var`, it had two references, and the body's write copied the whole head into
    /// new storage first (`_copyStorageAndRebase`, 0.2 % of a leased hit's samples, `perf`, 2026-12-07).
    func write(head: inout ByteBuffer, body: HitResponse.OutgoingBody, context: ChannelHandlerContext) {
        switch body {
        case .file(let region):
            context.write(self.wrapOutboundOut(.byteBuffer(head)), promise: nil)
            context.write(self.wrapOutboundOut(.fileRegion(region)), promise: nil)
        case .bytes(var bytes) where bytes.readableBytes <= Self.copiedBodyLimit:
            head.writeBuffer(&bytes)
            context.write(self.wrapOutboundOut(.byteBuffer(head)), promise: nil)
        case .bytes(let bytes):
            context.write(self.wrapOutboundOut(.byteBuffer(head)), promise: nil)
            context.write(self.wrapOutboundOut(.byteBuffer(bytes)), promise: nil)
        case .none:
            context.write(self.wrapOutboundOut(.byteBuffer(head)), promise: nil)
        }
        self.needsFlush = true
    }
}

extension HitFrontHandler: HitAnswerReceiver {
    /// The waiting request's answer: delivered, then the requests buffered behind it, and (outside a read batch: it
    /// came from Redis) the writes flushed. One given while the resolver's call is still on is kept for ``process``.
    func answered(_ answer: HitAnswer) {
        if self.resolving {
            self.earlyAnswer = answer
            return
        }
        guard let raw = self.waiting, let context = self.context else { return }
        self.waiting = nil
        self.deliver(answer, raw: raw, context: context)
        self.process(context: context)
        // Outside a read batch: write now, and let whatever was handed on be read.
        self.flushAndComplete(context: context)
    }
}
