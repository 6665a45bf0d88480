import NIOCore

extension ChannelHandlerContext {
    /// Whether the channel is writable, once what the handler wrote and did not flush yet (`needsFlush`) is flushed.
    /// The hit handlers ask before they start a request: a client that does not read its responses is not written
    /// more of them (decision 0006).
    func isWritableAfterFlush(needsFlush: inout Bool) -> Bool {
        if self.channel.isWritable { return true }
        guard needsFlush else { return false }
        needsFlush = false
        self.flush()
        return self.channel.isWritable
    }
}
