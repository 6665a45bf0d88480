import NIOCore

// Writability (decision 0006): a client that does not read its responses is not written more of them, and the flips
// the front's own writes cause stay with the front.
extension HitFrontHandler {
    /// Whether the next request may be answered: the channel is writable, or becomes so once what the front wrote is
    /// flushed. If not, the front waits for ``channelWritabilityChanged(context:)`` and reads nothing meanwhile, so
    /// a client that pipelines requests without reading the responses holds at most one read batch and the
    /// responses the socket would not take, not a response per request it sent.
    func writableAfterFlush(context: ChannelHandlerContext) -> Bool {
        guard context.isWritableAfterFlush(needsFlush: &self.needsFlush) else {
            self.awaitingWritable = true
            return false
        }
        return true
    }

    /// In front mode the event is the front's: every response over the channel's high-water mark (64 KiB) makes
    /// the channel unwritable until its flush, and the general pipeline, which is not writing, need not hear of it
    /// (twice per large hit, through every handler and the async writer's lock). It hears the state it missed
    /// before it next gets a request (``syncWritability(context:)``).
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        guard self.mode == .front else {
            self.forwardedWritable = context.channel.isWritable
            context.fireChannelWritabilityChanged()
            return
        }
        guard self.awaitingWritable, context.channel.isWritable else { return }
        self.awaitingWritable = false
        self.process(context: context)
        self.flushAndComplete(context: context)
    }

    /// Tells the general pipeline the channel's writability if it changed while the front kept the events: called
    /// as the pipeline is given a request.
    func syncWritability(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        guard writable != self.forwardedWritable else { return }
        self.forwardedWritable = writable
        context.fireChannelWritabilityChanged()
    }
}
