import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// `DELETE /v1/admin/warm/{job}` stops a job (items in flight finish, the others are `cancelled`), and a job whose
/// owner died is resumed by another instance from where it stopped (real Redis).
final class WarmCancelTests: XCTestCase, @unchecked Sendable {
    func testDeleteStopsAJobAfterTheItemsInFlight() async throws {
        let harness = try WarmTestHarness()
        harness.engine.delay.withLock { $0 = .milliseconds(300) }
        try await harness.run { client, _, _ in
            let items = ["one", "two", "three", "four", "five"].map(WarmTestHarness.hashtag).joined(separator: ",")
            let accepted = try await harness.submit(client, items, concurrency: 1)
            XCTAssertEqual(accepted.status, .accepted)
            let url = try XCTUnwrap(try WarmTestHarness.json(accepted)["status_url"] as? String)
            // Once the first item runs, cancel.
            let deadline = ContinuousClock.now + .seconds(10)
            while harness.calls == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let cancel = try await client.execute(uri: url, method: .delete, headers: harness.headers(.warm))
            XCTAssertEqual(cancel.status, .accepted)
            let requested = try WarmTestHarness.json(cancel)
            XCTAssertEqual(requested["cancel_requested"] as? Bool, true)
            let job = try await harness.finished(client, url)
            XCTAssertEqual(job["status"] as? String, "cancelled", "\(job)")
            let statuses = (job["items"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
            XCTAssertEqual(statuses.first, "warmed", "the item in flight finished")
            XCTAssertEqual(Array(statuses.dropFirst()), ["cancelled", "cancelled", "cancelled", "cancelled"], "\(statuses)")
            XCTAssertEqual(job["cancelled"] as? Int, 4)
            XCTAssertEqual(job["completed"] as? Int, 5)
            XCTAssertEqual(harness.calls, 1, "no item started after the cancel")
            // A finished job is left as it is.
            let again = try await client.execute(uri: url, method: .delete, headers: harness.headers(.warm))
            XCTAssertEqual(again.status, .ok)
            let unknown = try await client.execute(uri: "/v1/admin/warm/wj_0123456789abcdefghijKL", method: .delete, headers: harness.headers(.warm))
            XCTAssertEqual(unknown.status, .notFound)
            let byAnalyze = try await client.execute(uri: url, method: .delete, headers: harness.headers(.analyze))
            XCTAssertEqual(byAnalyze.status, .forbidden)
        }
    }

    func testAStalledJobIsCancelledAtOnce() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            let id = WarmJobID("wj_StalledCancel23456789a")!
            let job = WarmJobState.stalled(id, at: harness.now)
            let created = try await harness.store.create(job)
            XCTAssertTrue(created)
            let response = try await client.execute(uri: "/v1/admin/warm/\(id)", method: .delete, headers: harness.headers(.warm))
            XCTAssertEqual(response.status, .accepted)
            let json = try WarmTestHarness.json(response)
            XCTAssertEqual(json["status"] as? String, "cancelled")
            XCTAssertEqual((json["items"] as? [[String: Any]])?.map { $0["status"] as? String }, ["warmed", "cancelled", "cancelled"])
        }
    }

    func testAStalledJobIsResumedByAnotherInstanceFromWhereItStopped() async throws {
        let harness = try WarmTestHarness()
        try await harness.run { client, _, _ in
            try await harness.checkAStalledJobIsResumed(WarmJobID("wj_ResumeMe0123456789abcd")!, client: client, within: 10)
        }
    }
}
