import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseRedis

/// A TCP proxy in front of the test Redis that can lose replies: after ``dropRepliesOnOpenConnections()`` every
/// connection open at that moment still carries commands to Redis (which runs them) but its replies are dropped, as
/// when a reply is late past the client's command timeout. Connections opened afterwards (the client's replacements)
/// work normally. With a `requestDelay`, every command reaches Redis that much later (in order): a slow round trip,
/// as on a machine whose CPUs are starved.
final class ReplyDroppingRedisProxy: Sendable {
    private struct State {
        var next = 0
        var open: Set<Int> = []
        var dropping: Set<Int> = []
    }

    /// The connections, shared with the channel initialiser.
    private final class Connections: Sendable {
        let state = Mutex(State())
    }

    private let connections = Connections()
    private let server: any Channel

    /// The port to point a ``RedisConfiguration`` at (`127.0.0.1`).
    var port: Int { self.server.localAddress?.port ?? 0 }

    /// Listens on a free port of 127.0.0.1, forwarding to `host:port`.
    init(toHost host: String, port: Int, requestDelay: Duration = .zero) async throws {
        let connections = self.connections
        self.server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { downstream in
                let id = connections.state.withLock { state in
                    defer { state.next += 1 }
                    state.open.insert(state.next)
                    return state.next
                }
                return ClientBootstrap(group: downstream.eventLoop)
                    .channelInitializer { upstream in
                        upstream.eventLoop.makeCompletedFuture {
                            try upstream.pipeline.syncOperations.addHandler(
                                Forward(to: downstream, unless: { connections.state.withLock { $0.dropping.contains(id) } })
                            )
                        }
                    }
                    .connect(host: host, port: port)
                    .flatMap { upstream in
                        downstream.closeFuture.whenComplete { _ in
                            upstream.close(promise: nil)
                            _ = connections.state.withLock { $0.open.remove(id) }
                        }
                        return downstream.eventLoop.makeCompletedFuture {
                            try downstream.pipeline.syncOperations.addHandler(Forward(to: upstream, delay: requestDelay, unless: { false }))
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// A client like `configuration` (same pool size, database, …) that goes through this proxy, whose commands
    /// time out after `commandTimeout` (so a dropped reply is a timeout, not a hang).
    func client(like configuration: RedisConfiguration, commandTimeout: Duration) throws -> RedisClient {
        var through = configuration
        through.address = .hostname("127.0.0.1", port: self.port)
        through.commandTimeout = commandTimeout
        return try RedisClient(configuration: through, logger: Logger(label: "test"))
    }

    /// From now on, the replies on every connection open now are dropped.
    func dropRepliesOnOpenConnections() {
        self.connections.state.withLock { $0.dropping.formUnion($0.open) }
    }

    func close() async {
        try? await self.server.close()
    }

    /// Writes what it reads to `partner` unless `drop` says otherwise; closes `partner` when its own channel closes.
    private final class Forward: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let partner: any Channel
        private let delay: Duration
        private let drop: @Sendable () -> Bool

        init(to partner: any Channel, delay: Duration = .zero, unless drop: @escaping @Sendable () -> Bool) {
            self.partner = partner
            self.delay = delay
            self.drop = drop
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !self.drop() else { return }
            let bytes = self.unwrapInboundIn(data)
            guard self.delay > .zero else { return self.partner.writeAndFlush(bytes, promise: nil) }
            let partner = self.partner
            let (seconds, attoseconds) = self.delay.components
            let delay = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            context.eventLoop.scheduleTask(in: delay) { partner.writeAndFlush(bytes, promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.partner.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
