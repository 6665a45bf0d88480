import Logging
import NIOCore
import ServiceLifecycle
import TagPulseWire

/// One gateway connection: reads frames, lets the dispatcher decide, runs admitted analyses concurrently, and
/// writes responses in whatever order they finish (matched by `id` on the other side). A frame error ends this
/// connection only, after a `BAD_FRAME` response; on graceful shutdown it stops reading, lets in-flight requests
/// finish, then closes. Responses waiting to be written are bounded by `maxQueuedResponseBytes`
/// (``ResponseBudget``): past it, the connection stops reading requests until the peer reads its answers.
struct EngineConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let dispatcher: EngineDispatcher
    let logger: Logger
    var maxQueuedResponseBytes = EngineConfiguration.defaultMaxQueuedResponseBytes

    func run() async {
        self.dispatcher.counters.connectionOpened()
        defer { self.dispatcher.counters.connectionClosed() }
        let budget = ResponseBudget(limit: self.maxQueuedResponseBytes)
        do {
            try await self.channel.executeThenClose { inbound, outbound in
                let (responses, sink) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await response in responses {
                            defer { budget.remove(response.readableBytes) }
                            try await outbound.write(response)
                        }
                    }
                    await self.read(inbound, into: Sink(continuation: sink, budget: budget), budget: budget)
                    sink.finish()
                    try await group.waitForAll()
                }
            }
        } catch {
            self.logger.debug("engine.connection.closed_with_error", metadata: ["error": "\(error)"])
        }
    }

    /// The response queue's writing end: counts what it queues against the budget.
    struct Sink: Sendable {
        let continuation: AsyncStream<ByteBuffer>.Continuation
        let budget: ResponseBudget

        func yield(_ response: ByteBuffer) {
            self.budget.add(response.readableBytes)
            if case .terminated = self.continuation.yield(response) { self.budget.remove(response.readableBytes) }
        }
    }

    /// Reads until the peer closes, a frame error, or graceful shutdown; returns once every request it started
    /// has written its response into `sink`.
    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, into sink: Sink, budget: ResponseBudget) async {
        let requests = ConnectionRequests()
        await withDiscardingTaskGroup { group in
            do {
                try await withGracefulShutdownHandler {
                    for try await frame in inbound.cancelOnGracefulShutdown() {
                        if budget.isFull {
                            self.logger.info("engine.connection.backpressure", metadata: ["queue.bytes": .stringConvertible(budget.queuedBytes)])
                            await budget.waitForRoom()
                        }
                        switch self.dispatcher.accept(frame, requests: requests, logger: self.logger) {
                        case .respond(let response):
                            sink.yield(response)
                        case .respondAndClose(let response):
                            sink.yield(response)
                            self.logger.info("engine.connection.bad_frame", metadata: ["error": "not a JSON object"])
                            group.cancelAll()
                            return
                        case .run(let work):
                            group.addTask { sink.yield(await work()) }
                        }
                    }
                } onGracefulShutdown: {
                    budget.release()
                }
            } catch let error as EngineFrameError {
                self.logger.info("engine.connection.bad_frame", metadata: ["error": "\(error)"])
                sink.yield(self.dispatcher.failure(id: nil, .badFrame(error.description)))
                group.cancelAll()
            } catch {
                self.logger.debug("engine.connection.read_failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
