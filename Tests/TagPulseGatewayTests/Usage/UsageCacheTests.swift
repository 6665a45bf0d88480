import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagPulseAccess
import XCTest

@testable import TagPulseGateway

/// Usage through the real cache on the shared test Redis: the request that fills is charged the engine call, the
/// ones that waited count hits, and a background refresh is counted for `_refresh`, not for the client.
final class UsageCacheTests: XCTestCase, @unchecked Sendable {
    let body = #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":5}"#

    func post(_ client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: CacheTestHarness.headers(), body: ByteBuffer(string: self.body))
    }

    func testOneEngineCallForConcurrentMissesAndHitsForTheRequestsThatWaited() async throws {
        let harness = try CacheTestHarness()
        harness.engine.delay.withLock { $0 = .milliseconds(300) }
        try await harness.run { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let response = try await self.post(client)
                        XCTAssertEqual(response.status, .ok)
                    }
                }
                try await group.waitForAll()
            }
        }
        XCTAssertEqual(harness.calls, 1)
        let usage = harness.usage(of: "bootstrap")
        XCTAssertEqual(usage.requests, 20)
        XCTAssertEqual(usage.engineCalls, 1)
        XCTAssertEqual(usage.hitsFresh, 19, "collapsed requests are hits")
        XCTAssertEqual(usage.hitsStale, 0)
        XCTAssertGreaterThan(usage.bytesOut, 0)
    }

    func testABackgroundRefreshIsCountedForItsOwnAccount() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            harness.advance(seconds: 901)
            // The refresh takes a while: every request meanwhile is served stale.
            harness.engine.delay.withLock { $0 = .milliseconds(300) }
            for _ in 0..<3 {
                let stale = try await self.post(client)
                XCTAssertEqual(stale.cacheStatus?.contains("detail=stale-while-revalidate"), true, stale.cacheStatus ?? "")
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while harness.calls < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        }
        XCTAssertEqual(harness.calls, 2)
        let client = harness.usage(of: "bootstrap")
        XCTAssertEqual(client.requests, 4)
        XCTAssertEqual(client.engineCalls, 1, "the first miss only")
        XCTAssertEqual(client.hitsStale, 3)
        let refresh = harness.usage(of: "_refresh")
        XCTAssertEqual(refresh.engineCalls, 1)
        XCTAssertEqual(refresh.requests, 0)
        XCTAssertEqual(harness.usage.pending.keys.first { $0.account.client == "_refresh" }?.account.key, "-")
    }
}
