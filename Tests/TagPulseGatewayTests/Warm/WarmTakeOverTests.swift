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
            try await harness.checkAStalledJobIsResumed(WarmJobID("wj_SlowRedisTakeOver01234")!, client: client, within: 30)
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
        let proxied = try proxy.client(like: configuration, commandTimeout: .milliseconds(300))
        let prefix = "tp:test:warmclaim:\(UUID().uuidString.prefix(8)):"
        let store = WarmJobStore(redis: proxied, keyPrefix: prefix, ttl: .seconds(60))
        let now: Int64 = 1_764_000_000_000
        let job = WarmJobState.stalled(
            WarmJobID("wj_LostClaimReply01234567")!,
            at: now,
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
