import Foundation
import Logging
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// Taking over stalled jobs under the conditions of a loaded machine: heartbeats racing the take-over's claim, and a
/// claim whose reply is lost (real Redis).
final class WarmTakeOverTests: XCTestCase, @unchecked Sendable {
    /// The flake of `testAStalledJobIsResumedByAnotherInstanceFromWhereItStopped`, made certain by a slow Redis (each
    /// command 100 ms late, as on a starved machine): the take-over reserved the job locally and sent its claim (first
    /// `SCRIPT LOAD`, then the script); the heartbeat loop, which wrote into every job held here, wrote `heartbeat_at`
    /// into that job first; the claim, which checks the heartbeat it read, failed, and the job looked alive, owned by
    /// a dead instance, run by nobody. Now a job is heartbeated only once claimed.
    func testAStalledJobIsResumedWhenRedisIsSlow() async throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"], let target = URL(string: url) else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping warm-up integration tests")
        }
        let proxy = try await ReplyDroppingRedisProxy(toHost: target.host ?? "127.0.0.1", port: target.port ?? 6379, requestDelay: .milliseconds(100))
        let harness = try WarmTestHarness(throughPort: proxy.port)
        try await harness.run { client, _, _ in
            let id = WarmJobID("wj_SlowRedisTakeOver01234")!
            let tags = ["skincare", "booktok", "airfryer"]
            var job = WarmJobState(
                id: id,
                phase: .running,
                owner: "gone-instance",
                createdAt: harness.now - 120_000,
                updatedAt: harness.now - 60_000,
                heartbeatAt: harness.now - 31_000,
                concurrency: 2,
                items: [
                    WarmItemState(kind: .hashtag, target: "skincare", status: .warmed),
                    WarmItemState(kind: .hashtag, target: "booktok", status: .running),
                    WarmItemState(kind: .hashtag, target: "airfryer", status: .pending),
                ]
            )
            job.requests = tags.map { WarmItem(kind: .hashtag, params: AnalysisParams(target: $0, prompt: "What do people think about the price?")) }
            let created = try await harness.store.create(job)
            XCTAssertTrue(created)
            try await harness.store.index(id)
            // The harness's clock does not move: a job that stops looking stalled without being claimed stays so.
            var stored: WarmJobState?
            let deadline = ContinuousClock.now + .seconds(30)
            repeat {
                try await Task.sleep(for: .milliseconds(50))
                stored = try await harness.store.read(id)
            } while stored?.phase != .done && ContinuousClock.now < deadline
            XCTAssertEqual(stored?.phase, .done, "owner \(stored?.owner ?? "-"), heartbeat \((stored?.heartbeatAt ?? 0) - harness.now) ms")
            XCTAssertEqual(stored?.owner, "test-instance")
            XCTAssertEqual(harness.engine.calls.withLock { $0.map(\.1.target) }.sorted(), ["airfryer", "booktok"], "only the unfinished items ran")
        }
        await proxy.close()
    }

    /// A claim Redis applied but whose reply was lost (timed out) is known as this instance's: the job is read again
    /// (before: the error counted as "not claimed", leaving the job claimed and run by nobody).
    func testAClaimWhoseReplyIsLostIsKnownAsTaken() async throws {
        guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping warm-up integration tests")
        }
        let target = try XCTUnwrap(URL(string: url))
        let proxy = try await ReplyDroppingRedisProxy(toHost: target.host ?? "127.0.0.1", port: target.port ?? 6379)
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 1
        let direct = try RedisClient(configuration: configuration, logger: Logger(label: "test"))
        configuration.address = .hostname("127.0.0.1", port: proxy.port)
        configuration.commandTimeout = .milliseconds(300)
        let proxied = try RedisClient(configuration: configuration, logger: Logger(label: "test"))
        let prefix = "tp:test:warmclaim:\(UUID().uuidString.prefix(8)):"
        let store = WarmJobStore(redis: proxied, keyPrefix: prefix, ttl: .seconds(60))
        let now: Int64 = 1_764_000_000_000
        let job = WarmJobState(
            id: WarmJobID("wj_LostClaimReply01234567")!,
            phase: .running,
            owner: "gone-instance",
            createdAt: now - 120_000,
            updatedAt: now - 60_000,
            heartbeatAt: now - 31_000,
            concurrency: 1,
            items: [WarmItemState(kind: .hashtag, target: "skincare", status: .pending)]
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await direct.run() }
            group.addTask { try await proxied.run() }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while direct.connectedCount < 1 || proxied.connectedCount < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let created = try await WarmJobStore(redis: direct, keyPrefix: prefix, ttl: .seconds(60)).create(job)
            XCTAssertTrue(created)
            // The claim script loaded first, so the lost reply is the claim's own.
            var absent = job
            absent.id = WarmJobID("wj_NoSuchJob0123456789abc")!
            let claimedAbsent = try await store.claim(absent, owner: "test-instance", now: now)
            XCTAssertFalse(claimedAbsent)
            proxy.dropRepliesOnOpenConnections()
            let claimed = try await store.claim(job, owner: "test-instance", now: now)
            XCTAssertTrue(claimed)
            let stored = try await WarmJobStore(redis: direct, keyPrefix: prefix, ttl: .seconds(60)).read(job.id)
            XCTAssertEqual(stored?.owner, "test-instance")
            try await CacheTestHarness.deleteKeys(prefix: prefix, on: direct)
            await proxy.close()
        }
    }
}
