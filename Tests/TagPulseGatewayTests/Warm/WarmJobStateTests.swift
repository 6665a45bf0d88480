import Foundation
import TagPulseWire
import Testing

@testable import TagPulseGateway

/// A job's Redis hash and what readers make of it.
@Suite("Warm-up job state")
struct WarmJobStateTests {
    let id = WarmJobID("wj_0123456789abcdefghijKL")!

    func job(phase: WarmJobState.Phase = .running, heartbeatAt: Int64 = 1_000_000) -> WarmJobState {
        WarmJobState(
            id: self.id,
            phase: phase,
            owner: "gw-1",
            createdAt: 1_764_000_000_000,
            updatedAt: 1_764_000_001_500,
            heartbeatAt: heartbeatAt,
            concurrency: 2,
            items: [
                WarmItemState(kind: .hashtag, target: "skincare", status: .warmed),
                WarmItemState(kind: .account, target: "chefmarco", status: .fresh),
                WarmItemState(
                    kind: .hashtag,
                    target: "nosuchtag",
                    status: .failed,
                    error: WarmItemError(code: .targetNotFound, detail: "no videos")
                ),
                WarmItemState(kind: .search, target: "air fryer", status: .running),
                WarmItemState(kind: .hashtag, target: "booktok", status: .pending),
            ]
        )
    }

    func hash(_ job: WarmJobState) -> [String: String] {
        Dictionary(job.fields.map { ($0.field, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    @Test func theHashHoldsOneFieldPerValueAndCompactItems() {
        let hash = self.hash(self.job())
        #expect(hash["v"] == "1")
        #expect(hash["status"] == "running")
        #expect(hash["owner"] == "gw-1")
        #expect(hash["created_at"] == "1764000000000")
        #expect(hash["total"] == "5")
        #expect(hash["concurrency"] == "2")
        #expect(hash["item:0"] == #"{"kind":"hashtag","status":"warmed","target":"skincare"}"#)
        #expect(
            hash["item:2"] == #"{"error":{"code":"TARGET_NOT_FOUND","detail":"no videos"},"kind":"hashtag","status":"failed","target":"nosuchtag"}"#
        )
        #expect(hash.count == 8 + 5)
    }

    @Test func aHashReadsBackAsTheSameJob() {
        let job = self.job()
        #expect(WarmJobState(id: self.id, hash: self.hash(job)) == job)
    }

    @Test func aHashMissingAnItemOrFromAnotherVersionIsNoJob() {
        var hash = self.hash(self.job())
        hash["item:3"] = nil
        #expect(WarmJobState(id: self.id, hash: hash) == nil)
        hash = self.hash(self.job())
        hash["v"] = "2"
        #expect(WarmJobState(id: self.id, hash: hash) == nil)
        hash = self.hash(self.job())
        hash["item:1"] = "not json"
        #expect(WarmJobState(id: self.id, hash: hash) == nil)
        #expect(WarmJobState(id: self.id, hash: ["heartbeat_at": "5"]) == nil)
    }

    @Test func theViewCountsItemsAndListsErrorsOnlyForFailures() throws {
        let view = self.job(heartbeatAt: 1_764_000_001_000).view(now: 1_764_000_002_000, stallAfter: .seconds(30))
        #expect(view.status == .running)
        #expect((view.total, view.completed, view.warmed, view.fresh, view.failed) == (5, 3, 1, 1, 1))
        #expect(view.createdAt == "2025-11-24T16:00:00.000Z")
        #expect(view.updatedAt == "2025-11-24T16:00:01.500Z")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(view)) as? [String: Any])
        #expect(json["job_id"] as? String == self.id.rawValue)
        #expect(json["completed"] as? Int == 3)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["index"] as? Int } == [0, 1, 2, 3, 4])
        #expect(items.map { $0["error"] != nil } == [false, false, true, false, false])
        #expect((items[2]["error"] as? [String: String]) == ["code": "TARGET_NOT_FOUND", "detail": "no videos"])
    }

    @Test func anUnfinishedJobWithAnOldHeartbeatIsStalled() {
        let heartbeat: Int64 = 1_764_000_000_000
        #expect(self.job(heartbeatAt: heartbeat).view(now: heartbeat + 30_000, stallAfter: .seconds(30)).status == .running)
        #expect(self.job(heartbeatAt: heartbeat).view(now: heartbeat + 30_001, stallAfter: .seconds(30)).status == .stalled)
        #expect(self.job(phase: .queued, heartbeatAt: heartbeat).view(now: heartbeat + 60_000, stallAfter: .seconds(30)).status == .stalled)
        #expect(self.job(phase: .queued, heartbeatAt: heartbeat).view(now: heartbeat + 1, stallAfter: .seconds(30)).status == .queued)
        #expect(self.job(phase: .done, heartbeatAt: heartbeat).view(now: heartbeat + 600_000, stallAfter: .seconds(30)).status == .done)
    }
}

@Suite("Warm-up job ids")
struct WarmJobIDTests {
    @Test func generatedIdsHaveTheContractsShape() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let id = WarmJobID.generate { generator.next() }
            #expect(id.rawValue.hasPrefix("wj_"))
            #expect(id.rawValue.count == 25)
            #expect(WarmJobID(id.rawValue) == id)
        }
    }

    @Test func theSameRandomValuesGiveTheSameIdAndOutOfRangeValuesAreDrawnAgain() {
        let values: [UInt64] = [UInt64.max] + (0..<22).map { UInt64($0) * 3 }
        var index = 0
        let id = WarmJobID.generate {
            defer { index += 1 }
            return values[index]
        }
        #expect(index == 23, "UInt64.max is above the last multiple of 62 and must be redrawn")
        #expect(id.rawValue == "wj_0369CFILORUXadgjmpsvy1")
    }

    @Test(arguments: ["", "wj_", "wj_0123456789abcdefghijK", "wj_0123456789abcdefghijKLM", "xx_0123456789abcdefghijKL", "wj_0123456789abcdefghij-L"])
    func anythingElseIsNoId(text: String) {
        #expect(WarmJobID(text) == nil)
    }
}
