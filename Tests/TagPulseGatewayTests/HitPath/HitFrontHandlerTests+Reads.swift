import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import TagPulseGateway

/// On a real socket: while the front holds the connection it asks for each next read itself, so the channel's own
/// read request (`autoRead`), which starts at the tail and walks down the general pipeline, is not made for hits.
extension HitFrontHandlerTests {
    /// Collects a client's response bytes; completes `waiting`'s promise once they hold `waiting.count` responses.
    final class Responses: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var text = ""
        var waiting: (count: Int, promise: EventLoopPromise<Void>)?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.text += String(buffer: self.unwrapInboundIn(data))
            guard let waiting = self.waiting, self.text.components(separatedBy: "HTTP/1.1 200").count - 1 >= waiting.count else { return }
            self.waiting = nil
            waiting.promise.succeed()
        }
    }

    @Test func theGeneralPipelineIsNotWalkedForReadsWhileTheFrontHoldsTheConnection() async throws {
        // One loop for the server, its connection and the client: the counter is read there.
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let tailReads = NIOLockedValueBox<HitPathHandlerTests.ReadCounter?>(nil)
        let server = try await ServerBootstrap(group: loop)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let scanner = HTTP1RequestScanner(maximumFieldCount: 100, maximumFieldBytes: 16 << 10)
                    let front = HitFrontHandler(
                        resolver: ManualResolver(),
                        scanner: scanner,
                        activity: ConnectionActivity(idleTimeout: nil),
                        drain: nil
                    )
                    let counter = HitPathHandlerTests.ReadCounter()
                    tailReads.withLockedValue { $0 = counter }
                    try channel.pipeline.syncOperations.addHandler(front)
                    // Where the general pipeline starts: every read request that walks down it passes here.
                    try channel.pipeline.syncOperations.addHandler(counter)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let responses = Responses()
        let client = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(responses) } }
            .connect(to: server.localAddress!).get()
        let hits = 20
        for index in 1...hits {
            let answered = loop.makePromise(of: Void.self)
            try await loop.submit { responses.waiting = (index, answered) }.get()
            try await client.writeAndFlush(ByteBuffer(string: Self.get("/now\(index)"))).get()
            try await answered.futureResult.get()
        }
        let reads = try await loop.submit { tailReads.withLockedValue { $0?.reads } }.get()
        // The connection's first read is the channel's (it becomes active before any request); every later one is the
        // front's. With the channel asking after each read batch, the counter saw one per hit.
        #expect(reads == 1, "read requests that walked the general pipeline for \(hits) hits")
        try await client.close()
        try await server.close()
    }
}
