import NIOCore

/// Matches replies to commands on one connection: a FIFO of pending promises, one per command or pipeline.
///
/// Commands are encoded into one outbound buffer as they arrive and flushed once per event-loop tick, so concurrent
/// callers share syscalls and round trips (auto-pipelining). Every entry carries a deadline; when one passes, its
/// caller gets ``RedisClientError/Code/timeout`` and the connection is closed, so a late reply can never reach the
/// wrong caller. In push mode (a subscriber connection) every reply goes to a stream instead.
///
/// Confined to its channel's event loop; callers on other threads go through ``RedisConnection``.
final class RedisCommandHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue

    private enum Response {
        case single(EventLoopPromise<RESPValue>)
        case pipeline(EventLoopPromise<[RESPValue]>, count: Int)
    }

    private struct Pending {
        var response: Response
        var deadline: NIODeadline
    }

    private var context: ChannelHandlerContext?
    private var pending = CircularBuffer<Pending>(initialCapacity: 64)
    /// The replies so far of the pipeline at the head of `pending`. Kept here, not in its `Pending`: appending through
    /// `CircularBuffer`'s subscript (a get and a set) would copy the array on every reply.
    private var collected: [RESPValue] = []
    private var outbound = ByteBuffer()
    private var flushScheduled = false
    private var closedError: RedisClientError?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var push: AsyncStream<RESPValue>.Continuation?

    /// Commands waiting for their reply.
    var pendingCount: Int { self.pending.count }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.outbound = context.channel.allocator.buffer(capacity: 1024)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.failAll(self.closedError ?? .connectionClosed)
        self.context = nil
    }

    /// Sends one command; `promise` gets its reply (an error reply fails it with ``RedisClientError/Code/server``).
    func enqueue(_ command: RedisCommand, promise: EventLoopPromise<RESPValue>, deadline: NIODeadline) {
        if let error = self.closedError ?? (self.push != nil ? RedisClientError(.protocol, "subscriber connection") : nil) {
            promise.fail(error)
            return
        }
        command.encode(into: &self.outbound)
        self.pending.append(Pending(response: .single(promise), deadline: deadline))
        self.didEnqueue(deadline: deadline)
    }

    /// Sends several commands in one write; `promise` gets every reply in order, error replies included.
    func enqueue(_ commands: [RedisCommand], promise: EventLoopPromise<[RESPValue]>, deadline: NIODeadline) {
        if let error = self.closedError ?? (self.push != nil ? RedisClientError(.protocol, "subscriber connection") : nil) {
            promise.fail(error)
            return
        }
        guard !commands.isEmpty else {
            promise.succeed([])
            return
        }
        for command in commands { command.encode(into: &self.outbound) }
        self.pending.append(Pending(response: .pipeline(promise, count: commands.count), deadline: deadline))
        self.didEnqueue(deadline: deadline)
    }

    /// Switches to push mode: from now on every reply is yielded to `continuation`, which finishes when the connection
    /// closes. Only valid with nothing pending.
    func enterPushMode(_ continuation: AsyncStream<RESPValue>.Continuation) {
        precondition(self.pending.isEmpty, "push mode with commands pending")
        if self.closedError != nil {
            continuation.finish()
            return
        }
        self.push = continuation
    }

    /// In push mode: writes a command whose replies arrive on the push stream (`SUBSCRIBE`, `UNSUBSCRIBE`, `PING`).
    func writePush(_ command: RedisCommand) {
        guard self.closedError == nil, self.push != nil else { return }
        command.encode(into: &self.outbound)
        self.scheduleFlush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data)
        if let push = self.push {
            push.yield(value)
            return
        }
        guard !self.pending.isEmpty else {
            self.closeWithError(RedisClientError(.protocol, "a reply arrived with no command waiting"))
            return
        }
        switch self.pending[self.pending.startIndex].response {
        case .single(let promise):
            self.pending.removeFirst()
            if case .error(let message) = value {
                promise.fail(RedisClientError(.server, message))
            } else {
                promise.succeed(value)
            }
        case .pipeline(let promise, let count):
            if self.collected.isEmpty { self.collected.reserveCapacity(count) }
            self.collected.append(value)
            if self.collected.count == count {
                self.pending.removeFirst()
                var values: [RESPValue] = []
                swap(&values, &self.collected)
                promise.succeed(values)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if self.closedError == nil { self.closedError = .connectionClosed }
        self.failAll(self.closedError ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.closeWithError(
            error as? RedisClientError ?? RedisClientError(.connectionClosed, "the connection failed: \(type(of: error))")
        )
    }

    // MARK: - Private

    private func didEnqueue(deadline: NIODeadline) {
        self.scheduleFlush()
        if let scheduled = self.timerDeadline, scheduled <= deadline { return }
        self.scheduleTimer(deadline)
    }

    private func scheduleFlush() {
        guard !self.flushScheduled, let context = self.context else { return }
        self.flushScheduled = true
        context.eventLoop.assumeIsolated().execute { self.flushOutbound() }
    }

    private func flushOutbound() {
        self.flushScheduled = false
        guard let context = self.context, self.outbound.readableBytes > 0, self.closedError == nil else { return }
        context.writeAndFlush(NIOAny(self.outbound), promise: nil)
        self.outbound.clear()
    }

    private func scheduleTimer(_ deadline: NIODeadline) {
        guard let context = self.context else { return }
        self.timer?.cancel()
        self.timerDeadline = deadline
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.checkDeadlines() }
    }

    private func checkDeadlines() {
        self.timer = nil
        self.timerDeadline = nil
        guard !self.pending.isEmpty else { return }
        let now = NIODeadline.now()
        var earliest = NIODeadline.distantFuture
        var expired = false
        for entry in self.pending {
            if entry.deadline <= now { expired = true }
            earliest = min(earliest, entry.deadline)
        }
        guard expired else {
            self.scheduleTimer(earliest)
            return
        }
        // Replies still owed on this connection can no longer be matched safely: fail the late callers with a timeout,
        // the others as closed, and replace the connection.
        let entries = self.pending
        self.pending.removeAll()
        self.collected.removeAll()
        self.closedError = RedisClientError(.connectionClosed, "the connection was closed after a command timed out")
        for entry in entries {
            Self.fail(entry.response, entry.deadline <= now ? .timedOut : self.closedError!)
        }
        self.context?.close(promise: nil)
    }

    private func closeWithError(_ error: RedisClientError) {
        if self.closedError == nil { self.closedError = error }
        self.failAll(error)
        self.context?.close(promise: nil)
    }

    private func failAll(_ error: RedisClientError) {
        self.timer?.cancel()
        self.timer = nil
        self.timerDeadline = nil
        let entries = self.pending
        self.pending.removeAll()
        self.collected.removeAll()
        for entry in entries { Self.fail(entry.response, error) }
        self.push?.finish()
        self.push = nil
    }

    private static func fail(_ response: Response, _ error: RedisClientError) {
        switch response {
        case .single(let promise): promise.fail(error)
        case .pipeline(let promise, _): promise.fail(error)
        }
    }
}
