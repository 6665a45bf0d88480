import NIOCore

// Lending and holding (decision 0006): a request the front frames but does not answer goes to the general pipeline
// alone and the connection comes back after its response; a request split across reads is held for its rest a while.
extension HitFrontHandler {
    /// The general pipeline gets `raw`, one request (or its first bytes, `remaining` more to come), and gives the
    /// connection back once that request's response has ended. Its decoder then holds no partial request, so the
    /// front can read the following bytes itself.
    func lend(_ raw: ByteBuffer, remaining: Int = 0, context: ChannelHandlerContext) {
        self.stopHolding()
        self.mode = .lent
        self.syncWritability(context: context)
        self.lentRemaining = remaining
        self.lentAnswered = false
        let loop = context.eventLoop.assumeIsolated()
        // Run after the response's end has gone down the pipeline (the state handler reports it before writing it).
        self.activity.whenIdle = { loop.execute { self.takeBack(context: context) } }
        context.fireChannelRead(self.wrapInboundOut(raw))
        self.needsReadComplete = true
        // The pipeline's state handler counts the request as it is decoded (and may even have answered it). Nothing
        // counted it: no one would give the connection back, so it stays with the pipeline.
        if self.activity.whenIdle != nil, self.activity.inProgress == 0 { self.handOff(context: context) }
    }

    /// Lends the buffered bytes, the start of a request of `length` bytes whose head is whole.
    func lendPartial(length: Int, context: ChannelHandlerContext) {
        guard let bytes = self.buffered else { return }
        self.buffered = nil
        self.lend(bytes, remaining: length - bytes.readableBytes, context: context)
    }

    /// Passes on what belongs to the lent request from `bytes`, leaving what follows it.
    func passOnLent(_ bytes: inout ByteBuffer, context: ChannelHandlerContext) {
        let part = bytes.readSlice(length: min(self.lentRemaining, bytes.readableBytes))!
        self.lentRemaining -= part.readableBytes
        context.fireChannelRead(self.wrapInboundOut(part))
        self.needsReadComplete = true
    }

    /// The lent request's response has ended: once its last byte has gone through too, the front reads the
    /// connection again, starting with what waited.
    func takeBack(context: ChannelHandlerContext) {
        guard self.mode == .lent, context.channel.isActive, !self.activity.closing else { return }
        guard self.lentRemaining == 0 else {
            // Answered before its body came (a refusal): the rest still goes to the pipeline, which reads it.
            self.lentAnswered = true
            return
        }
        self.mode = .front
        self.process(context: context)
        self.flushAndComplete(context: context)
    }

    /// The buffered bytes are the start of a request: wait for the rest, for a while.
    func hold(context: ChannelHandlerContext) {
        guard let reads = self.heldReads else {
            self.heldReads = 0
            self.activity.touched()  // a request has begun: the idle timeout starts again
            if self.holdTimer == nil {
                self.holdTimer = LazyTimer(eventLoop: context.eventLoop) {
                    self.release(context: context)
                    self.flushAndComplete(context: context)
                }
            }
            self.holdTimer!.arm(in: self.splitWait)
            return
        }
        if reads > Self.maximumHeldReads { self.release(context: context) }
    }

    func stopHolding() {
        guard self.heldReads != nil else { return }
        self.heldReads = nil
        self.holdTimer?.disarm()
    }

    /// The rest of a held request did not come in time: the general pipeline gets it, lent if its head is whole.
    func release(context: ChannelHandlerContext) {
        guard self.heldReads != nil else { return }
        self.stopHolding()
        guard self.mode == .front, self.waiting == nil, let bytes = self.buffered else { return }
        if case .incompleteBody(_, _, let length) = self.scanner.scan(bytes) {
            self.lendPartial(length: length, context: context)
        } else {
            self.handOff(context: context)
        }
    }

    /// From now on the general pipeline reads this connection, starting with the buffered bytes.
    func handOff(context: ChannelHandlerContext) {
        self.stopHolding()
        self.activity.whenIdle = nil
        self.mode = .passthrough
        self.syncWritability(context: context)
        if let bytes = self.buffered {
            self.buffered = nil
            context.fireChannelRead(self.wrapInboundOut(bytes))
            self.needsReadComplete = true
        }
    }
}
