import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TagPulseWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's Unix-socket listener, as a `Service`: prepares the socket path (a private directory), binds with
/// mode 0660, closes connections from peers that do not run as `engine.gateway_uid` (`SO_PEERCRED`), serves every
/// other connection as a child task (one peer's failure never reaches another), and on graceful shutdown stops
/// accepting, lets connections drain, and removes its socket file.
public struct EngineServer: Service {
    let configuration: EngineConfiguration
    let dispatcher: EngineDispatcher
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let onListening: @Sendable (String) -> Void

    init(
        configuration: EngineConfiguration,
        dispatcher: EngineDispatcher,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let path = self.configuration.socketPath
        try SocketPathGuard.prepare(path: path)
        let maximum = self.configuration.maxFrameBytes
        let expectedUID = self.configuration.gatewayUID
        let logger = self.logger
        let registry = EngineConnectionRegistry()
        let server = try await ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                PeerCredentials.check(channel, expectedUID: expectedUID).flatMapErrorThrowing { error in
                    // NIO does not close a child whose initializer fails: this does, before reading a byte.
                    logger.warning(
                        "engine.connection.peer_rejected",
                        metadata: ["error.code": "PEER_UID_MISMATCH", "error": "\(error)", "peer.expected_uid": .stringConvertible(expectedUID)]
                    )
                    channel.close(promise: nil)
                    throw error
                }.flatMapThrowing { _ in
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(EngineFrameDecoder(maximumFrameBytes: maximum), maximumBufferSize: maximum + 4)
                    )
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(EngineFrameEncoder(maximumFrameBytes: maximum)))
                    return try registry.admit(channel)
                }
            }
        defer { unlink(path) }
        guard chmod(path, 0o660) == 0 else {
            try? await server.channel.close()
            throw SocketPathGuard.Refusal(description: "cannot set mode 0660 on \(path) (errno \(errno))")
        }
        self.logger.info("engine.listening", metadata: ["socket.path": "\(path)", "engine.provider": "\(self.dispatcher.pipeline.source.name)"])
        self.onListening(path)
        // On graceful shutdown the listening channel is closed, which ends the accept loop once every connection
        // NIO handed over has been given to a task. (Cancelling the iteration instead would drop accepted
        // connections that were never run.) A connection accepted in the last instant may never be handed over:
        // the registry closes it (see `EngineConnectionRegistry`).
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await channel in connections {
                            registry.take(channel)
                            group.addTask {
                                await EngineConnection(
                                    channel: channel,
                                    dispatcher: self.dispatcher,
                                    logger: self.logger,
                                    maxQueuedResponseBytes: self.configuration.maxQueuedResponseBytes
                                ).run()
                            }
                        }
                    } catch {
                        self.logger.error("engine.accept_failed", metadata: ["error": "\(error)"])
                    }
                    let dropped = await registry.closeRemaining()
                    if dropped > 0 { self.logger.debug("engine.connections.closed_unserved", metadata: ["count": .stringConvertible(dropped)]) }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        self.logger.info("engine.stopped")
    }
}
