import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycleTestKit
import Synchronization
import TagPulseResilience
import TagPulseWire

@testable import TagPulseEngine

/// A video source for tests: any target has `videos` videos with `comments` comments each, after `delay`;
/// the target `missing` has none; `slow-*` targets wait `slowDelay`.
struct ScriptedSource: VideoSource {
    var videos = 3
    var comments = 4
    var slowDelay: Duration = .seconds(30)

    var name: String { "scripted" }

    func feedPage(kind: AnalysisKind, target: String, cursor: String?) async throws -> Data {
        if target.hasPrefix("slow") { try await Task.sleep(for: self.slowDelay) }
        guard target != "missing" else { throw WireError(code: .targetNotFound, message: "no videos") }
        let list = (0..<self.videos).map {
            #"{"aweme_id":"\#(target.hashValue & 0xFFFF)\#($0)","desc":"\#(target) video \#($0): love the price","create_time":1759276800,"statistics":{"play_count":100,"digg_count":10},"author":{"nickname":"n","unique_id":"u"}}"#
        }
        return Data(#"{"status":"ok","data":{"aweme_list":[\#(list.joined(separator: ","))],"has_more":0}}"#.utf8)
    }

    func commentPage(videoID: String, cursor: String?) async throws -> Data {
        let texts = ["I just ordered two, take my money!", "way too expensive, not worth it", "where can I buy this?", "first!"]
        let list = (0..<self.comments).map {
            #"{"cid":"\#(videoID)\#($0)","text":"\#(texts[$0 % texts.count])","create_time":1759280000,"digg_count":\#($0)}"#
        }
        return Data(#"{"status":"ok","data":{"comments":[\#(list.joined(separator: ","))],"has_more":false}}"#.utf8)
    }
}

/// A running engine on a temporary socket, for the duration of `body`.
func withEngine<T: Sendable>(
    source: any VideoSource = ScriptedSource(),
    maxConcurrentAnalyses: Int = 8,
    maxFrameBytes: Int = 1 << 20,
    gatewayUID: UInt32 = PeerCredentials.currentUID,
    maxQueuedResponseBytes: Int = EngineConfiguration.defaultMaxQueuedResponseBytes,
    clock: WallClock = .system,
    socketPath: String = temporarySocketPath(),
    _ body: @Sendable (String) async throws -> T
) async throws -> T {
    let configuration = EngineConfiguration(
        socketPath: socketPath,
        gatewayUID: gatewayUID,
        maxFrameBytes: maxFrameBytes,
        maxQueuedResponseBytes: maxQueuedResponseBytes,
        maxConcurrentAnalyses: maxConcurrentAnalyses
    )
    var dispatcher = EngineDispatcher(
        pipeline: AnalysisPipeline(source: source, analyzer: LocalVideoAnalyzer(), limits: .init(), clock: clock, engineVersion: "test"),
        limiter: CountingLimit(limit: maxConcurrentAnalyses),
        counters: EngineCounters(),
        clock: clock,
        defaultDeadlineMilliseconds: 60_000,
        startedAtMilliseconds: clock.nowMilliseconds()
    )
    dispatcher.maxFrameBytes = maxFrameBytes
    let (listening, listeningContinuation) = AsyncStream.makeStream(of: String.self)
    let server = EngineServer(
        configuration: configuration,
        dispatcher: dispatcher,
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
        logger: Logger(label: "test.engine"),
        onListening: { listeningContinuation.yield($0) }
    )
    // The private directory temporarySocketPath() made goes when the engine has stopped.
    defer { rmdir(String(socketPath[..<(socketPath.lastIndex(of: "/") ?? socketPath.startIndex)])) }
    // Stopped the way a ServiceGroup stops it: a graceful shutdown, then waiting for it to return.
    return try await testGracefulShutdown { trigger in
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run()
                return nil
            }
            var iterator = listening.makeAsyncIterator()
            guard let path = await iterator.next() else { throw CancellationError() }
            let result = try await body(path)
            trigger.triggerGracefulShutdown()
            while let next = try await group.next() { _ = next }
            return result
        }
    }
}

/// A socket path in a new private (0700) directory: the engine refuses a shared one such as /tmp itself.
func temporarySocketPath() -> String {
    let directory = "/tmp/tp-test-\(UInt32.random(in: 0...UInt32.max))-\(getpid())"
    mkdir(directory, 0o700)
    return directory + "/engine.sock"
}

/// A raw client of the engine protocol: writes frames (or raw bytes) and collects response frames.
final class EngineTestClient: Sendable {
    let channel: any Channel
    private let collector: FrameCollector

    static func connect(_ path: String) async throws -> EngineTestClient {
        let collector = FrameCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(EngineFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(unixDomainSocketPath: path)
            .get()
        return EngineTestClient(channel: channel, collector: collector)
    }

    private init(channel: any Channel, collector: FrameCollector) {
        self.channel = channel
        self.collector = collector
    }

    /// Sends raw bytes (already framed, or deliberately not).
    func sendRaw(_ bytes: ByteBuffer) async throws {
        try await self.channel.writeAndFlush(bytes)
    }

    func send(_ json: String) async throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(json.utf8.count), endianness: .big)
        buffer.writeString(json)
        try await self.sendRaw(buffer)
    }

    /// Waits for `count` more response frames and returns them as JSON objects, in arrival order.
    func read(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let frames = self.collector.take(count) {
                return frames.compactMap { try? JSONSerialization.jsonObject(with: Data($0.readableBytesView)) as? [String: Any] }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        struct Timeout: Error {}
        throw Timeout()
    }

    /// True once the engine has closed the connection.
    func isClosed(within timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !self.channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func close() async {
        try? await self.channel.close()
    }
}

/// Collects inbound frames for ``EngineTestClient``.
final class FrameCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let frames = Mutex<[ByteBuffer]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        self.frames.withLock { $0.append(frame) }
    }

    func take(_ count: Int) -> [ByteBuffer]? {
        self.frames.withLock { frames in
            guard frames.count >= count else { return nil }
            defer { frames.removeFirst(count) }
            return Array(frames.prefix(count))
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
    var id: String? { self["id"] as? String }
}
