import HummingbirdTesting
import TagPulseRedis
import TagPulseWire
import XCTest

@testable import TagPulseGateway

extension WarmJobState {
    /// A running job of `gone-instance`, whose last heartbeat is 31 s before `now` (stalled: the limit is 30 s). By
    /// default its first item is warmed, its second was running and its third is pending.
    static func stalled(
        _ id: WarmJobID,
        at now: Int64,
        concurrency: Int = 1,
        items: [WarmItemState] = [
            WarmItemState(kind: .hashtag, target: "skincare", status: .warmed),
            WarmItemState(kind: .hashtag, target: "booktok", status: .running),
            WarmItemState(kind: .hashtag, target: "airfryer", status: .pending),
        ]
    ) -> WarmJobState {
        WarmJobState(
            id: id,
            phase: .running,
            owner: "gone-instance",
            createdAt: now - 120_000,
            updatedAt: now - 60_000,
            heartbeatAt: now - 31_000,
            concurrency: concurrency,
            items: items
        )
    }
}

extension WarmTestHarness {
    /// Stores a stalled job (``WarmJobState/stalled(_:at:concurrency:items:)``, two at a time) and checks that this
    /// harness's runner ("test-instance", which looks for stalled jobs every 50 ms) takes it over and finishes it from
    /// where it stopped, within `seconds`: only the unfinished items run, the job is marked resumed and leaves the index.
    func checkAStalledJobIsResumed(_ id: WarmJobID, client: any TestClientProtocol, within seconds: Int) async throws {
        var job = WarmJobState.stalled(id, at: self.now, concurrency: 2)
        job.requests = ["skincare", "booktok", "airfryer"].map { tag in
            WarmItem(kind: .hashtag, params: AnalysisParams(target: tag, prompt: "What do people think about the price?"))
        }
        let created = try await self.store.create(job)
        XCTAssertTrue(created)
        try await self.store.index(id)
        // The harness's clock does not move: a job that stops looking stalled without being claimed stays so.
        var finished: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let response = try await client.execute(uri: "/v1/admin/warm/\(id)", method: .get, headers: self.headers(.warm))
            finished = try WarmTestHarness.json(response)
            if finished["status"] as? String == "done" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let read = try await self.store.read(id)
        let stored = try XCTUnwrap(read)
        XCTAssertEqual(finished["status"] as? String, "done", "owner \(stored.owner), heartbeat \(stored.heartbeatAt - self.now) ms: \(finished)")
        XCTAssertEqual((finished["items"] as? [[String: Any]])?.map { $0["status"] as? String }, ["warmed", "warmed", "warmed"])
        let targets = self.engine.calls.withLock { $0.map(\.1.target) }.sorted()
        XCTAssertEqual(targets, ["airfryer", "booktok"], "only the unfinished items ran")
        XCTAssertEqual(stored.owner, "test-instance")
        let resumed = try await self.redis.send(RedisCommand("HGET", [.string(self.store.key(id)), .string("resumed")])).string
        XCTAssertEqual(resumed, "1")
        let indexed = try await self.store.indexed(count: 10)
        XCTAssertFalse(indexed.contains(id), "a finished job leaves the index")
    }
}
