import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseAccess
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// Warm-up jobs through the router, on the real Redis, with the real cache, key store and rate limiter.
final class WarmRunnerTests: XCTestCase, @unchecked Sendable {
    func testAJobFillsMissesSkipsFreshEntriesAndIsNotChargedToTheKey() async throws {
        // One analysis per minute for the key's client: the job's engine calls would spend it if they were charged.
        let harness = try WarmTestHarness(analyses: [RatePolicy(group: "analyses", limit: 1, periodMilliseconds: 60_000)])
        try await harness.run { client, _, _ in
            let both = harness.headers(.analyze, .warm)
            let analyze = { (tag: String) in
                try await client.execute(
                    uri: "/v1/analyze/hashtag",
                    method: .post,
                    headers: both,
                    body: ByteBuffer(string: WarmTestHarness.hashtag(tag))
                )
            }
            let before = try WarmTestHarness.json(try await harness.submit(client, WarmTestHarness.hashtag("skincare"), headers: both))
            _ = try await harness.finished(client, try XCTUnwrap(before["status_url"] as? String))

            let accepted = try await harness.submit(
                client,
                [WarmTestHarness.hashtag("#SkinCare"), WarmTestHarness.hashtag("booktok"), #"{"kind":"account","username":"@ChefMarco"}"#]
                    .joined(separator: ","),
                headers: both
            )
            XCTAssertEqual(accepted.status, .accepted)
            let body = try WarmTestHarness.json(accepted)
            let jobID = try XCTUnwrap(body["job_id"] as? String)
            XCTAssertNotNil(WarmJobID(jobID))
            XCTAssertEqual(body["status"] as? String, "queued")
            XCTAssertEqual(body["total"] as? Int, 3)
            XCTAssertEqual(body["status_url"] as? String, "/v1/admin/warm/\(jobID)")
            XCTAssertEqual(accepted.headers[.location], "/v1/admin/warm/\(jobID)")

            let job = try await harness.finished(client, "/v1/admin/warm/\(jobID)")
            XCTAssertEqual(job["status"] as? String, "done")
            XCTAssertEqual(job["warmed"] as? Int, 2)
            XCTAssertEqual(job["fresh"] as? Int, 1)
            XCTAssertEqual(job["failed"] as? Int, 0)
            XCTAssertEqual(job["completed"] as? Int, 3)
            let items = try XCTUnwrap(job["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["status"] as? String }, ["fresh", "warmed", "warmed"])
            XCTAssertEqual(items.map { $0["target"] as? String }, ["skincare", "booktok", "chefmarco"])
            XCTAssertEqual(items.map { $0["kind"] as? String }, ["hashtag", "hashtag", "account"])
            XCTAssertEqual(harness.calls, 3)

            // What the job warmed is a hit for the analysis routes.
            let hit = try await analyze("booktok")
            XCTAssertEqual(hit.status, .ok)
            XCTAssertEqual(hit.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            // Three engine calls for this client's jobs, yet its one analysis is still there: items are not charged.
            let miss = try await analyze("airfryer")
            XCTAssertEqual(miss.status, .ok)
            XCTAssertEqual(miss.cacheStatus?.hasPrefix("TagPulse; fwd=uri-miss"), true)
            let spent = try await analyze("mealprep")
            XCTAssertEqual(spent.status, .tooManyRequests, "the window is real: the key's own miss spent it")

            // Any instance reads the same job: the state is the Redis hash alone.
            let elsewhere = try await harness.store.read(try XCTUnwrap(WarmJobID(jobID)))
            XCTAssertEqual(elsewhere?.view(now: harness.now, stallAfter: .seconds(30)).warmed, 2)
            XCTAssertEqual(elsewhere?.owner, "test-instance")
        }
    }

    func testASecondRunFindsEverythingFreshWithoutEngineCalls() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            let items = ["a1", "b2", "c3", "d4"].map(WarmTestHarness.hashtag).joined(separator: ",")
            let first = try WarmTestHarness.json(try await harness.submit(client, items, concurrency: 4))
            let firstJob = try await harness.finished(client, try XCTUnwrap(first["status_url"] as? String))
            XCTAssertEqual(firstJob["warmed"] as? Int, 4)
            let second = try WarmTestHarness.json(try await harness.submit(client, items))
            let secondJob = try await harness.finished(client, try XCTUnwrap(second["status_url"] as? String))
            XCTAssertEqual(secondJob["fresh"] as? Int, 4)
            XCTAssertEqual(harness.calls, 4)
        }
    }

    func testFailedItemsCarryTheStableCodesAClientWouldGet() async throws {
        let harness = try WarmTestHarness()
        harness.engine.failures.withLock {
            $0["nosuchtag"] = EngineClientError(.engine(WireError(code: .targetNotFound, message: "no videos for #nosuchtag")))
            $0["flaky"] = .unavailable
        }
        try await harness.run { client, _, _ in
            let submitted = ["nosuchtag", "flaky", "fine"].map(WarmTestHarness.hashtag).joined(separator: ",")
            let accepted = try WarmTestHarness.json(try await harness.submit(client, submitted))
            let job = try await harness.finished(client, try XCTUnwrap(accepted["status_url"] as? String))
            XCTAssertEqual(job["failed"] as? Int, 2)
            XCTAssertEqual(job["warmed"] as? Int, 1)
            let items = try XCTUnwrap(job["items"] as? [[String: Any]])
            XCTAssertEqual((items[0]["error"] as? [String: String])?["code"], "TARGET_NOT_FOUND")
            XCTAssertEqual((items[0]["error"] as? [String: String])?["detail"], "no videos for #nosuchtag")
            XCTAssertEqual((items[1]["error"] as? [String: String])?["code"], "ENGINE_UNAVAILABLE")
            XCTAssertNil(items[2]["error"])

            // The unknown hashtag is now a fresh negative entry: a second run reports it failed again, without a call.
            let calls = harness.calls
            let again = try WarmTestHarness.json(try await harness.submit(client, WarmTestHarness.hashtag("nosuchtag")))
            let second = try await harness.finished(client, try XCTUnwrap(again["status_url"] as? String))
            XCTAssertEqual(((second["items"] as? [[String: Any]])?.first?["error"] as? [String: String])?["code"], "TARGET_NOT_FOUND")
            XCTAssertEqual(harness.calls, calls)
        }
    }

    func testAnExhaustedUpstreamBudgetFailsItemsWhoseDeadlineComesFirst() async throws {
        var settings = WarmSettings()
        settings.itemTimeout = .seconds(2)
        // One engine call per minute for the fleet: the second item would have to wait ~60 s, past its 2 s deadline.
        let harness = try WarmTestHarness(upstream: [RatePolicy(group: "upstream", limit: 1, periodMilliseconds: 60_000)], settings: settings)
        try await harness.run { client, _, _ in
            let accepted = try WarmTestHarness.json(
                try await harness.submit(client, ["u1", "u2"].map(WarmTestHarness.hashtag).joined(separator: ","), concurrency: 1)
            )
            let job = try await harness.finished(client, try XCTUnwrap(accepted["status_url"] as? String))
            let items = try XCTUnwrap(job["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["status"] as? String }, ["warmed", "failed"])
            XCTAssertEqual((items[1]["error"] as? [String: String])?["code"], "RATE_LIMITED")
            XCTAssertEqual(harness.calls, 1)
        }
    }

    func testAnUpstream429IsWaitedOutWithinTheDeadline() async throws {
        // Two engine calls a second for the fleet, burst 1: the second item waits its Retry-After (1 s), then fills.
        let harness = try WarmTestHarness(upstream: [RatePolicy(group: "upstream", limit: 2, periodMilliseconds: 1000, burst: 1)])
        try await harness.run { client, _, _ in
            let started = ContinuousClock.now
            let accepted = try WarmTestHarness.json(
                try await harness.submit(client, ["w1", "w2"].map(WarmTestHarness.hashtag).joined(separator: ","), concurrency: 2)
            )
            let job = try await harness.finished(client, try XCTUnwrap(accepted["status_url"] as? String))
            XCTAssertEqual(job["warmed"] as? Int, 2, "\(job)")
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(900), "the refused item waited for Retry-After")
            XCTAssertEqual(harness.calls, 2)
        }
    }
}
