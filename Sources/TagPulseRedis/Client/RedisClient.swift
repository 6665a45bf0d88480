import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The Redis client: a pool of pipelined connections, as a `Service`.
///
/// `run()` keeps ``RedisConfiguration/poolSize`` connections up (reconnecting with jittered backoff, checking idle
/// ones with `PING`, following Sentinel failovers) until graceful shutdown. While it runs, callers use the event-loop
/// API (``send(_:timeout:)-(_,_)``, for channel handlers on the hot path: no task, no blocking) or the async API.
/// Concurrent callers share connections: commands are written at once and flushed once per event-loop tick, replies
/// matched in order. With no connection up a call fails at once with ``RedisClientError/Code/unavailable``; every
/// command has a deadline (``RedisClientError/Code/timeout``).
public final class RedisClient: Service, Sendable {
    let configuration: RedisConfiguration
    /// The event loops its connections run on (callers use one to create futures when no connection is up).
    public let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let random: @Sendable () -> Double
    let pool: RedisConnectionPool
    /// In cluster mode, the slot map and a pool per master (``pool`` is then unused).
    let clusterNodes: RedisClusterNodes?
    let scriptHashes = Mutex<[String: String]>([:])
    let metrics: RedisMetrics?

    /// - Parameters:
    ///   - configuration: checked here; an invalid one throws ``RedisClientError/Code/configuration``.
    ///   - random: values in 0..<1 for the reconnect jitter (injected in tests).
    ///   - metrics: where command latency and errors are counted; nil counts nothing.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        metrics: RedisMetrics? = nil
    ) throws(RedisClientError) {
        try configuration.validate()
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.random = random
        self.pool = RedisConnectionPool(size: configuration.poolSize)
        self.clusterNodes = configuration.cluster.map { RedisClusterNodes(seeds: $0.seeds, poolSize: configuration.poolSize) }
        self.metrics = metrics
    }

    /// Connections currently up (for readiness checks). In cluster mode 0 unless every slot has a master with a
    /// connection up.
    public var connectedCount: Int { self.clusterNodes?.connectedCount ?? self.pool.connectedCount }

    /// True when the client talks to a Redis Cluster (keys a script or multi-key command uses together must then
    /// share a hash tag).
    public var isCluster: Bool { self.clusterNodes != nil }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let nodes = self.clusterNodes, let cluster = self.configuration.cluster {
                    group.addTask { await self.maintainCluster(nodes, refreshInterval: cluster.refreshInterval) }
                    return
                }
                for slot in 0..<self.pool.size {
                    group.addTask { await self.maintain(slot: slot, of: self.pool) }
                }
                if let sentinel = self.configuration.sentinel {
                    group.addTask { await self.followFailovers(sentinel) }
                }
            }
        }
        self.pool.closeAll()
        self.clusterNodes?.closeAll()
    }

    // MARK: - Event-loop API (hot path)

    /// Sends `command` on a pooled connection. Never blocks and creates no task; the future completes on the
    /// connection's event loop (the caller's own loop when the pool has a connection there).
    ///
    /// Fails with ``RedisClientError``: `.unavailable` at once when no connection is up, `.timeout` after `timeout`
    /// (default ``RedisConfiguration/commandTimeout``), `.server` for an error reply, `.connectionClosed`.
    public func send(_ command: RedisCommand, timeout: Duration? = nil) -> EventLoopFuture<RESPValue> {
        let start = NIODeadline.now()
        if self.clusterNodes != nil {
            let future = self.clusterSend(
                command,
                slot: command.clusterSlot,
                deadline: start + TimeAmount(timeout ?? self.configuration.commandTimeout)
            )
            self.metrics?.observe(future, startedAt: start, isErrorReply: \.isError)
            return future
        }
        guard let connection = self.pool.pick() else {
            let failed: EventLoopFuture<RESPValue> = self.eventLoopGroup.any().makeFailedFuture(RedisClientError.unavailable)
            self.metrics?.observe(failed, startedAt: start, isErrorReply: \.isError)
            return failed
        }
        let future = connection.send(command, deadline: start + TimeAmount(timeout ?? self.configuration.commandTimeout))
        self.metrics?.observe(future, startedAt: start, isErrorReply: \.isError)
        return future
    }

    /// Sends `commands` in one write on one connection (one round trip). The future holds every reply in order, error
    /// replies as ``RESPValue/error(_:)``; it fails as a whole only when the connection does.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) -> EventLoopFuture<[RESPValue]> {
        let start = NIODeadline.now()
        if self.clusterNodes != nil {
            let future = self.clusterPipeline(commands, deadline: start + TimeAmount(timeout ?? self.configuration.commandTimeout))
            self.metrics?.observe(future, startedAt: start) { $0.contains { $0.isError } }
            return future
        }
        guard let connection = self.pool.pick() else {
            let failed: EventLoopFuture<[RESPValue]> = self.eventLoopGroup.any().makeFailedFuture(RedisClientError.unavailable)
            self.metrics?.observe(failed, startedAt: start) { _ in false }
            return failed
        }
        let future = connection.pipeline(commands, deadline: start + TimeAmount(timeout ?? self.configuration.commandTimeout))
        self.metrics?.observe(future, startedAt: start) { $0.contains { $0.isError } }
        return future
    }

    // MARK: - Async API

    /// Sends `command` and waits for its reply; see ``send(_:timeout:)-(_,_)`` for the failures.
    public func send(_ command: RedisCommand, timeout: Duration? = nil) async throws(RedisClientError) -> RESPValue {
        let future: EventLoopFuture<RESPValue> = self.send(command, timeout: timeout)
        return try await Self.value(of: future)
    }

    /// Sends `commands` in one round trip; each reply is a success or its own error (`.server`).
    public func pipeline(
        _ commands: [RedisCommand],
        timeout: Duration? = nil
    ) async throws(RedisClientError) -> [Result<RESPValue, RedisClientError>] {
        let future: EventLoopFuture<[RESPValue]> = self.pipeline(commands, timeout: timeout)
        return try await Self.value(of: future).map { value in
            if case .error(let message) = value { return .failure(RedisClientError(.server, message)) }
            return .success(value)
        }
    }

    static func value<Value: Sendable>(of future: EventLoopFuture<Value>) async throws(RedisClientError) -> Value {
        do {
            return try await future.get()
        } catch let error as RedisClientError {
            throw error
        } catch {
            throw .connectionClosed
        }
    }
}
