import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import TagPulseResilience
import TagPulseTracing
import TagPulseWire

/// The gateway's connection pool to the engine, as a `Service`: keeps `poolSize` Unix-socket connections up
/// (reconnecting with jittered backoff), spreads calls over them round-robin, and multiplexes many calls per
/// connection. A call fails fast with ``EngineClientError/unavailable`` when no connection is up, so a dead engine
/// costs callers microseconds, not a timeout. A connection whose peer does not run as `engine.uid` (`SO_PEERCRED`:
/// another user's process on the socket path) is closed before any call uses it, and logged
/// `gateway.engine.peer_rejected` with `error.code` `ENGINE_PEER_REJECTED`; calls meanwhile get `ENGINE_UNAVAILABLE`.
public final class EngineClient: Service, Sendable {
    let configuration: EngineClientConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let nowMilliseconds: @Sendable () -> Int64
    let random: @Sendable () -> Double
    let metrics: GatewayMetrics?
    /// nil: span export is off. On, a call made for a sampled request is a client span of its own, and the envelope's
    /// `traceparent` names that span (the engine's span is its child).
    let spans: SpanRecorder?
    private let slots: Mutex<[(any Channel)?]>
    private let nextSlot = Atomic<Int>(0)
    private let nextID = Atomic<Int>(0)
    private let codec = WireCodec()

    public init(
        configuration: EngineClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger,
        nowMilliseconds: @escaping @Sendable () -> Int64,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        metrics: GatewayMetrics? = nil,
        spans: SpanRecorder? = nil
    ) {
        self.metrics = metrics
        self.spans = spans
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
        self.random = random
        self.slots = Mutex(Array(repeating: nil, count: max(1, configuration.poolSize)))
    }

    /// Connections currently up.
    public var connectedCount: Int { self.slots.withLock { $0.compactMap { $0 }.count } }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for slot in 0..<max(1, self.configuration.poolSize) {
                group.addTask { await self.maintain(slot: slot) }
            }
        }
    }

    /// Calls `method` and decodes its result. The engine gets `deadline_ms` = now + `timeout`; the gateway waits a
    /// little longer, so the engine's own `DEADLINE_EXCEEDED` normally arrives first. Counted in
    /// `tagpulse_engine_call_duration_seconds`, `tagpulse_engine_errors_total` and `tagpulse_engine_in_flight`.
    public func call<Params: Codable & Sendable, Result: Codable & Sendable>(
        _ method: WireMethod,
        params: Params,
        requestID: String?,
        timeout: Duration? = nil,
        as resultType: Result.Type = Result.self
    ) async throws(EngineClientError) -> Result {
        let frame = try await self.exchange(method, params: params, requestID: requestID, timeout: timeout)
        do {
            return try self.codec.decodeResult(Result.self, from: frame)
        } catch {
            throw EngineClientError(.protocolViolation("unexpected result shape for \(method)"))
        }
    }

    /// Calls `method` and returns its `result` object's bytes exactly as the engine wrote them (the envelope is read
    /// once, the result not decoded at all): what the cache stores and serves.
    public func callEncoded<Params: Codable & Sendable>(
        _ method: WireMethod,
        params: Params,
        requestID: String?,
        timeout: Duration? = nil
    ) async throws(EngineClientError) -> ByteBuffer {
        let frame = try await self.exchange(method, params: params, requestID: requestID, timeout: timeout)
        guard let result = WireResultSpan.find(in: frame) else {
            throw EngineClientError(.protocolViolation("the response to \(method) has no result object"))
        }
        return result
    }

    /// Sends the request and returns the response frame once its envelope says `ok`, counted in the metrics.
    private func exchange<Params: Codable & Sendable>(
        _ method: WireMethod,
        params: Params,
        requestID: String?,
        timeout: Duration?
    ) async throws(EngineClientError) -> ByteBuffer {
        guard let metrics = self.metrics else {
            return try await self.perform(method, params: params, requestID: requestID, timeout: timeout)
        }
        let started = ContinuousClock.now
        metrics.engineInFlight.increment()
        defer { metrics.engineInFlight.decrement() }
        do {
            let result = try await self.perform(method, params: params, requestID: requestID, timeout: timeout)
            metrics.engineCall(method: method.rawValue, nanoseconds: (ContinuousClock.now - started).nanoseconds, errorCode: nil)
            return result
        } catch {
            let code = APIError(error).code.rawValue
            metrics.engineCall(method: method.rawValue, nanoseconds: (ContinuousClock.now - started).nanoseconds, errorCode: code)
            throw error
        }
    }

    /// Sends the request under `trace` (the envelope's `traceparent`).
    func perform<Params: Codable & Sendable>(
        _ method: WireMethod,
        params: Params,
        requestID: String?,
        timeout: Duration?,
        trace: TraceContext?
    ) async throws(EngineClientError) -> ByteBuffer {
        guard let channel = self.pickChannel() else { throw .unavailable }
        let timeout = timeout ?? self.configuration.requestTimeout
        let id = "g\(self.nextID.add(1, ordering: .relaxed).newValue)"
        let request = WireRequest(
            id: id,
            method: method,
            requestID: requestID,
            trace: trace,
            deadlineMilliseconds: self.nowMilliseconds() + Int64(timeout.milliseconds),
            maxResponseBytes: self.configuration.maxFrameBytes,
            params: params
        )
        let frame: ByteBuffer
        do {
            let payload = try self.codec.encode(request, allocator: channel.allocator)
            guard payload.readableBytes <= self.configuration.maxFrameBytes else {
                throw EngineClientError(.protocolViolation("request frame exceeds the maximum frame size"))
            }
            let response = channel.eventLoop.makePromise(of: ByteBuffer.self)
            let call = EngineCall(id: id, payload: payload, deadline: .now() + .milliseconds(timeout.milliseconds + 250), response: response)
            channel.writeAndFlush(call).whenFailure { error in response.fail(EngineClientError.connectionLost) }
            frame = try await response.futureResult.get()
        } catch let error as EngineClientError {
            throw error
        } catch {
            throw EngineClientError(.protocolViolation("\(error)"))
        }
        let header: WireResponseHeader
        do {
            header = try self.codec.decodeResponseHeader(frame)
        } catch {
            throw EngineClientError(.protocolViolation("unreadable response"))
        }
        guard header.ok else {
            throw EngineClientError(.engine(header.error ?? WireError(code: .internalError, message: "the engine failed without an error")))
        }
        return frame
    }

    /// A live connection, round-robin; nil when none is up.
    private func pickChannel() -> (any Channel)? {
        let start = self.nextSlot.add(1, ordering: .relaxed).newValue
        return self.slots.withLock { slots in
            for offset in 0..<slots.count {
                if let channel = slots[(start + offset) % slots.count], channel.isActive { return channel }
            }
            return nil
        }
    }

    /// Keeps one slot connected until graceful shutdown.
    private func maintain(slot: Int) async {
        var backoff = Backoff(minimum: self.configuration.reconnectMinimum, maximum: self.configuration.reconnectMaximum)
        var wasConnected = true
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let channel = try await self.connect()
                self.slots.withLock { $0[slot] = channel }
                if !wasConnected || backoff.attempt > 0 {
                    self.logger.info("gateway.engine.connected", metadata: ["engine.slot": "\(slot)"])
                }
                wasConnected = true
                backoff.reset()
                await self.waitForClose(channel)
                self.slots.withLock { $0[slot] = nil }
                if !Task.isShuttingDownGracefully, !Task.isCancelled {
                    self.logger.warning("gateway.engine.disconnected", metadata: ["engine.slot": "\(slot)"])
                }
            } catch let error as PeerCredentials.Failure {
                // Every time: someone else answers on the engine's socket.
                self.logger.error(
                    "gateway.engine.peer_rejected",
                    metadata: ["engine.slot": "\(slot)", "error.code": "ENGINE_PEER_REJECTED", "error": "\(error)"]
                )
                wasConnected = false
            } catch {
                if wasConnected {
                    self.logger.warning("gateway.engine.connect_failed", metadata: ["engine.slot": "\(slot)", "error": "\(error)"])
                }
                wasConnected = false
            }
            let delay = backoff.next(random: self.random)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            } catch {
                break
            }
        }
    }

    private func waitForClose(_ channel: any Channel) async {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }

    /// Connects and checks the peer's uid; a connection to anyone else is closed (``PeerCredentials/Failure``).
    func connect() async throws -> any Channel {
        let maximum = self.configuration.maxFrameBytes
        let channel = try await ClientBootstrap(group: self.eventLoopGroup)
            .connectTimeout(.milliseconds(self.configuration.connectTimeout.milliseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try Self.addHandlers(to: channel, maximumFrameBytes: maximum) }
            }
            .connect(unixDomainSocketPath: self.configuration.socketPath)
            .get()
        do {
            _ = try await PeerCredentials.check(channel, expectedUID: self.configuration.engineUID).get()
        } catch {
            try? await channel.close()
            throw error
        }
        return channel
    }
}

extension EngineClient {
    /// An engine connection's pipeline: response frames in (one over the limit fails only its call), request frames
    /// out, calls multiplexed by id. On the channel's event loop.
    static func addHandlers(to channel: any Channel, maximumFrameBytes maximum: Int) throws {
        // The decoder never buffers an oversized frame (it skips it), so a frame and its length prefix bound the buffer.
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(EngineResponseFrameDecoder(maximumFrameBytes: maximum), maximumBufferSize: maximum + 4)
        )
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(EngineFrameEncoder(maximumFrameBytes: maximum)))
        try channel.pipeline.syncOperations.addHandler(EngineMultiplexHandler())
    }
}
