import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceLifecycle
import TagPulseAccess
import TagPulseRedis
import XCTest

@testable import TagPulseGateway

/// Who may use warm-up, what readers see of jobs that are gone or stalled, admission, Redis lifetimes, and shutdown.
final class WarmJobLifecycleTests: XCTestCase, @unchecked Sendable {
    func testKeysNeedTheWarmOrAdminScope() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            let item = WarmTestHarness.hashtag("scoped")
            let refused = try await harness.submit(client, item, scope: .analyze)
            XCTAssertEqual(refused.status, .forbidden)
            XCTAssertEqual(try WarmTestHarness.json(refused)["detail"] as? String, "this endpoint needs a key with the 'warm' or 'admin' scope")
            let byWarm = try await harness.submit(client, item, scope: .warm)
            XCTAssertEqual(byWarm.status, .accepted)
            let byAdmin = try await harness.submit(client, item, scope: .admin)
            XCTAssertEqual(byAdmin.status, .accepted)
            let url = try XCTUnwrap(try WarmTestHarness.json(byWarm)["status_url"] as? String)
            let readByAnalyze = try await client.execute(uri: url, method: .get, headers: harness.headers(.analyze))
            XCTAssertEqual(readByAnalyze.status, .forbidden)
            let readByAdmin = try await client.execute(uri: url, method: .get, headers: harness.headers(.admin))
            XCTAssertEqual(readByAdmin.status, .ok)
            let anonymous = try await client.execute(uri: url, method: .get, headers: [:])
            XCTAssertEqual(anonymous.status, .unauthorized)
        }
    }

    func testUnknownExpiredOrMalformedJobsAre404AndInvalidItemsQueueNothing() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, runner, _ in
            for path in ["/v1/admin/warm/wj_0123456789abcdefghijKL", "/v1/admin/warm/not-a-job", "/v1/admin/warm/wj_%00"] {
                let response = try await client.execute(uri: path, method: .get, headers: harness.headers(.warm))
                XCTAssertEqual(response.status, .notFound, path)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json")
                XCTAssertEqual(try WarmTestHarness.json(response)["code"] as? String, "WARM_JOB_NOT_FOUND")
            }
            let invalid = try await harness.submit(client, WarmTestHarness.hashtag("ok") + #",{"kind":"hashtag","hashtag":"two words"}"#)
            XCTAssertEqual(invalid.status, .unprocessableContent)
            let problem = try WarmTestHarness.json(invalid)
            XCTAssertEqual(problem["code"] as? String, "VALIDATION_FAILED")
            XCTAssertEqual((problem["errors"] as? [[String: String]])?.map { $0["field"] }, ["items[1].hashtag", "items[1].ai_analysis_prompt"])
            XCTAssertEqual(runner.heldCount, 0)
            let recorded = try await harness.redis.send(RedisCommand("KEYS", [.string(harness.prefix + "warm:*")])).array?.count
            XCTAssertEqual(recorded, 0, "nothing was recorded")
            let notJSON = try await client.execute(
                uri: "/v1/admin/warm",
                method: .post,
                headers: harness.headers(.warm),
                body: ByteBuffer(string: "[1]")
            )
            XCTAssertEqual(notJSON.status, .badRequest)
        }
    }

    func testAThousandItemJobIsOverTheAnalysisBodyLimitButWithinItsOwn() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            let prompt = "What do people think about the price, the taste and the packaging of this?"
            let items = (0..<1000).map { #"{"kind":"account","username":"user\#($0)","ai_analysis_prompt":"\#(prompt)"}"# }.joined(separator: ",")
            XCTAssertGreaterThan(items.utf8.count, GatewayConfiguration().maxBodyBytes)
            let accepted = try await harness.submit(client, items)
            XCTAssertEqual(accepted.status, .accepted)
            XCTAssertEqual(try WarmTestHarness.json(accepted)["total"] as? Int, 1000)
            let tooMany = try await harness.submit(client, items + "," + #"{"kind":"account","username":"one_more"}"#)
            XCTAssertEqual(tooMany.status, .unprocessableContent)
        }
        var small = WarmSettings()
        small.maxBodyBytes = 1024
        let limited = try WarmTestHarness(settings: small)
        try await limited.run { client, _, _ in
            let items = (0..<20).map { _ in WarmTestHarness.hashtag("skincare") }.joined(separator: ",")
            let response = try await limited.submit(client, items)
            XCTAssertEqual(response.status, .contentTooLarge)
            XCTAssertEqual(try WarmTestHarness.json(response)["code"] as? String, "PAYLOAD_TOO_LARGE")
        }
    }

    func testAJobWhoseOwnerStoppedHeartbeatingIsStalledOnEveryReader() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            let id = WarmJobID("wj_StalledJob0123456789ab")!
            let job = WarmJobState.stalled(
                id,
                at: harness.now,
                items: [
                    WarmItemState(kind: .hashtag, target: "skincare", status: .warmed),
                    WarmItemState(kind: .hashtag, target: "booktok", status: .running),
                ]
            )
            let created = try await harness.store.create(job)
            XCTAssertTrue(created)
            let response = try await client.execute(uri: "/v1/admin/warm/\(id)", method: .get, headers: harness.headers(.warm))
            let json = try WarmTestHarness.json(response)
            XCTAssertEqual(json["status"] as? String, "stalled")
            XCTAssertEqual(json["completed"] as? Int, 1)
        }
    }

    func testAFullInstanceRefusesNewJobsWith503() async throws {
        var settings = WarmSettings()
        settings.maxRunningJobs = 1
        settings.maxQueuedJobs = 0
        let harness = try WarmTestHarness(settings: settings)
        harness.engine.delay.withLock { $0 = .milliseconds(500) }
        try await harness.run { client, _, _ in
            let first = try await harness.submit(client, WarmTestHarness.hashtag("slow"))
            XCTAssertEqual(first.status, .accepted)
            let second = try await harness.submit(client, WarmTestHarness.hashtag("later"))
            XCTAssertEqual(second.status, .serviceUnavailable)
            XCTAssertEqual(try WarmTestHarness.json(second)["code"] as? String, "WARM_QUEUE_FULL")
            XCTAssertEqual(second.headers[.retryAfter], "30")
            _ = try await harness.finished(client, try XCTUnwrap(try WarmTestHarness.json(first)["status_url"] as? String))
        }
    }

    func testTheStoreRenewsALifetimeButNeverRecreatesAnExpiredJob() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { _, _, _ in
            let store = WarmJobStore(redis: harness.redis, keyPrefix: harness.prefix, ttl: .seconds(60))
            let id = WarmJobID("wj_TTLJob00000000000000ab")!
            let key = store.key(id)
            XCTAssertEqual(key, harness.prefix + "warm:wj_TTLJob00000000000000ab")
            let updatedMissing = try await store.update(id, [("status", "done")])
            XCTAssertFalse(updatedMissing)
            let exists = try await harness.redis.send(RedisCommand("EXISTS", [.string(key)])).int
            XCTAssertEqual(exists, 0, "an update never creates the hash")
            let job = WarmJobState(
                id: id,
                phase: .queued,
                owner: "o",
                createdAt: 1,
                updatedAt: 1,
                heartbeatAt: 1,
                concurrency: 1,
                items: [WarmItemState(kind: .account, target: "chefmarco", status: .pending)]
            )
            let created = try await store.create(job)
            XCTAssertTrue(created)
            let createdTwice = try await store.create(job)
            XCTAssertFalse(createdTwice)
            _ = try await harness.redis.send(.pexpire(key, milliseconds: 5000))
            let updated = try await store.update(id, [("status", "running")])
            XCTAssertTrue(updated)
            let ttl = try await harness.redis.send(.pttl(key)).int ?? 0
            XCTAssertGreaterThan(ttl, 55_000, "renewed to the job lifetime")
            let read = try await store.read(id)
            XCTAssertEqual(read?.phase, .running)
        }
    }

    func testGracefulShutdownFinishesItemsInFlightAndMarksTheRestInterrupted() async throws {
        let harness = try WarmTestHarness()
        harness.engine.delay.withLock { $0 = .milliseconds(300) }
        try await harness.run { client, runner, group in
            let items = ["s1", "s2", "s3", "s4"].map(WarmTestHarness.hashtag).joined(separator: ",")
            let accepted = try WarmTestHarness.json(try await harness.submit(client, items, concurrency: 1))
            let id = try XCTUnwrap(WarmJobID(try XCTUnwrap(accepted["job_id"] as? String)))
            while harness.calls == 0 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            while !runner.isStopping { try await Task.sleep(for: .milliseconds(5)) }
            let refused = try await harness.submit(client, WarmTestHarness.hashtag("late"))
            XCTAssertEqual(refused.status, .serviceUnavailable)
            XCTAssertEqual(try WarmTestHarness.json(refused)["code"] as? String, "WARM_UNAVAILABLE")
            let deadline = ContinuousClock.now + .seconds(10)
            while runner.heldCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let stored = try await harness.store.read(id)
            let job = try XCTUnwrap(stored).view(now: harness.now, stallAfter: .seconds(30))
            XCTAssertEqual(job.status, .done)
            XCTAssertEqual(job.items.map(\.status), [.warmed, .failed, .failed, .failed])
            XCTAssertEqual(Set(job.items.dropFirst().map { $0.error?.code }), ["WARM_INTERRUPTED"])
            XCTAssertEqual(harness.calls, 1)
            XCTAssertEqual(runner.counters.warmed.load(ordering: .relaxed), 1)
            XCTAssertEqual(runner.counters.failed.load(ordering: .relaxed), 3)
        }
    }
}
