import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One connection to a Redis server: a NIO channel with the hiredis decoder and the command handler.
///
/// Safe to use from any thread. On the channel's own event loop a command goes straight to the handler; from elsewhere
/// it hops once. Nothing here blocks or creates a task.
final class RedisConnection: Sendable {
    let channel: any Channel
    let address: RedisServerAddress
    private let handler: NIOLoopBound<RedisCommandHandler>
    private let commandsSent = Atomic<Int>(0)

    init(channel: any Channel, address: RedisServerAddress, handler: NIOLoopBound<RedisCommandHandler>) {
        self.channel = channel
        self.address = address
        self.handler = handler
    }

    var eventLoop: any EventLoop { self.channel.eventLoop }
    var isActive: Bool { self.channel.isActive }
    /// Commands and pipelines sent so far (used to spot idle connections).
    var sentCount: Int { self.commandsSent.load(ordering: .relaxed) }

    /// Sends one command; the future fails with ``RedisClientError`` (`.server` for an error reply).
    func send(_ command: RedisCommand, deadline: NIODeadline) -> EventLoopFuture<RESPValue> {
        self.commandsSent.add(1, ordering: .relaxed)
        let promise = self.eventLoop.makePromise(of: RESPValue.self)
        if self.eventLoop.inEventLoop {
            self.handler.value.enqueue(command, promise: promise, deadline: deadline)
        } else {
            let handler = self.handler
            self.eventLoop.execute { handler.value.enqueue(command, promise: promise, deadline: deadline) }
        }
        return promise.futureResult
    }

    /// Sends several commands in one write; the future holds every reply, error replies included.
    func pipeline(_ commands: [RedisCommand], deadline: NIODeadline) -> EventLoopFuture<[RESPValue]> {
        self.commandsSent.add(1, ordering: .relaxed)
        let promise = self.eventLoop.makePromise(of: [RESPValue].self)
        if self.eventLoop.inEventLoop {
            self.handler.value.enqueue(commands, promise: promise, deadline: deadline)
        } else {
            let handler = self.handler
            self.eventLoop.execute { handler.value.enqueue(commands, promise: promise, deadline: deadline) }
        }
        return promise.futureResult
    }

    /// Turns this into a subscriber connection: every reply from now on is yielded to the returned stream, which
    /// finishes when the connection closes.
    func enterPushMode() async throws(RedisClientError) -> AsyncStream<RESPValue> {
        let (stream, continuation) = AsyncStream.makeStream(of: RESPValue.self, bufferingPolicy: .bufferingNewest(4096))
        let handler = self.handler
        do {
            try await self.eventLoop.submit { handler.value.enterPushMode(continuation) }.get()
        } catch {
            throw .connectionClosed
        }
        return stream
    }

    /// In push mode: writes a command whose replies arrive on the push stream.
    func writePush(_ command: RedisCommand) {
        let handler = self.handler
        self.eventLoop.execute { handler.value.writePush(command) }
    }

    func close() {
        self.channel.close(mode: .all, promise: nil)
    }
}
