import NIOCore
import NIOPosix
import TagPulseRedis
import XCTest

@testable import TagPulseAccess

/// What the limiter does when Redis cannot decide: each declared mode, with no Redis and with a Redis that never
/// answers (the deadline path). No shared server needed.
final class RateLimiterDegradedTests: XCTestCase, @unchecked Sendable {
    let policy = RatePolicy(group: "requests", limit: 90, periodMilliseconds: 60_000)

    func limiter(_ client: RedisClient, mode: RateLimitSettings.DegradedMode, instances: Int = 1, clock: TestClock) -> RateLimiter {
        RateLimiter(
            redis: client,
            keyspace: AccessKeyspace(prefix: "tp:test:degraded:"),
            settings: RateLimitSettings(degradedMode: mode, decisionTimeout: .milliseconds(20)),
            liveInstances: { instances },
            localNowMicroseconds: { clock.microseconds },
            logger: testLogger
        )
    }

    /// A client that is never run has no connection: every call fails at once with `unavailable`.
    func downClient() throws -> RedisClient {
        try RedisClient(configuration: RedisConfiguration(address: .hostname("127.0.0.1", port: 1)), logger: testLogger)
    }

    func testLocalModeEnforcesThisInstancesShare() async throws {
        let clock = TestClock()
        let limiter = self.limiter(try self.downClient(), mode: .local, instances: 3, clock: clock)
        var admitted = 0
        for _ in 0..<200 {
            let decision = try await limiter.decide([(.client("acme"), self.policy)])
            XCTAssertEqual(decision.degradation, .local)
            if decision.allowed { admitted += 1 }
        }
        XCTAssertEqual(admitted, 30, "90 per minute shared by 3 live instances")
        XCTAssertEqual(limiter.decisionCounters.local.load(ordering: .relaxed), 200)
        clock.advance(milliseconds: 2000)
        do {
            let value = try await limiter.decide([(.client("acme"), self.policy)])
            XCTAssertTrue(value.allowed, "refills at the share's rate")
        }
    }

    func testFailOpenAdmitsAndMarks() async throws {
        let limiter = self.limiter(try self.downClient(), mode: .failOpen, clock: TestClock())
        for _ in 0..<200 {
            let decision = try await limiter.decide([(.client("acme"), self.policy)])
            XCTAssertTrue(decision.allowed)
            XCTAssertEqual(decision.degradation, .failOpen)
        }
    }

    func testFailClosedRefuses() async throws {
        let limiter = self.limiter(try self.downClient(), mode: .failClosed, clock: TestClock())
        do {
            _ = try await limiter.decide([(.client("acme"), self.policy)])
            XCTFail("expected RateLimitUnavailable")
        } catch is RateLimitUnavailable {}
        XCTAssertEqual(limiter.decisionCounters.failedClosed.load(ordering: .relaxed), 1)
    }

    /// A server that answers the connection set-up (`PING`) and then never again: the decision comes from the degraded mode at the deadline, not
    /// after the command timeout.
    func testASilentRedisIsDecidedAtTheDeadline() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let silent = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(PongOnceHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        var configuration = RedisConfiguration(address: .hostname("127.0.0.1", port: silent.localAddress!.port!))
        configuration.poolSize = 1
        let client = try RedisClient(configuration: configuration, logger: testLogger)
        let clock = TestClock()
        let limiter = self.limiter(client, mode: .local, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await client.run() }
            defer { tasks.cancelAll() }
            try await waitUntil("connected") { client.connectedCount == 1 }
            let started = ContinuousClock.now
            let decision = try await limiter.decide([(.client("acme"), self.policy)])
            let elapsed = ContinuousClock.now - started
            XCTAssertEqual(decision.degradation, .local)
            XCTAssertTrue(decision.allowed)
            XCTAssertLessThan(elapsed, .seconds(1), "decided by the 20 ms deadline, not by the 2 s command timeout")
        }
    }
}

/// Answers the first read with `+PONG` (the client's connection set-up), then swallows everything.
private final class PongOnceHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.answered else { return }
        self.answered = true
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: "+PONG\r\n")), promise: nil)
    }
}
