import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseCache
import TagPulseGateway
import TagPulseWire
import XCTest

/// The cache through the router, on the real Redis, with a counting engine and a clock the test moves.
final class AnalysisCacheTests: XCTestCase, @unchecked Sendable {
    let body = ##"{"hashtag":"#SkinCare","ai_analysis_prompt":"What do people think about the price?"}"##

    func post(_ client: any TestClientProtocol, _ body: String? = nil, path: String = "/v1/analyze/hashtag", _ extra: [(String, String)] = [])
        async throws -> TestResponse
    {
        try await client.execute(uri: path, method: .post, headers: CacheTestHarness.headers(extra), body: ByteBuffer(string: body ?? self.body))
    }

    func testAMissIsStoredThenHitsWithETagAgeConditionalAndGzip() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            let miss = try await self.post(client)
            XCTAssertEqual(miss.status, .ok)
            XCTAssertEqual(miss.cacheStatus, "TagPulse; fwd=uri-miss; fwd-status=200; stored")
            let etag = try XCTUnwrap(miss.headers[.eTag])
            harness.advance(seconds: 7)
            let hit = try await self.post(client)
            XCTAssertEqual(hit.status, .ok)
            XCTAssertEqual(hit.cacheStatus, "TagPulse; hit; ttl=893")
            XCTAssertEqual(hit.headers[HTTPField.Name("Age")!], "7")
            XCTAssertEqual(hit.headers[.eTag], etag)
            XCTAssertEqual(hit.headers[.cacheControl], "private, max-age=893")
            XCTAssertEqual(Data(hit.body.readableBytesView), Data(miss.body.readableBytesView))
            // This harness runs without a limiter: no windows, so no rate-limit headers (the end-to-end hit test checks
            // them with limits).
            XCTAssertNil(hit.headers[HTTPField.Name("RateLimit-Policy")!])

            let notModified = try await self.post(client, nil, [("If-None-Match", etag)])
            XCTAssertEqual(notModified.status, .notModified)
            XCTAssertEqual(notModified.body.readableBytes, 0)

            let gzip = try await self.post(client, nil, [("Accept-Encoding", "gzip, br")])
            XCTAssertEqual(gzip.headers[.contentEncoding], "gzip")
            let inflated = try Gzip.decompress(gzip.body, maximumOutputBytes: 1 << 20)
            XCTAssertEqual(Data(inflated.readableBytesView), Data(miss.body.readableBytesView))
        }
        XCTAssertEqual(harness.calls, 1)
    }

    func testAFillIsKeptHotOnlyOnceItIsHit() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            // Fills alone (a warm-up script's stream of new questions) leave the hot cache to what is hit.
            for posts in 1...3 {
                let miss = try await self.post(
                    client,
                    #"{"hashtag": "skincare", "ai_analysis_prompt": "What about the price?", "max_posts": \#(posts)}"#
                )
                XCTAssertEqual(miss.cacheStatus, "TagPulse; fwd=uri-miss; fwd-status=200; stored", "\(miss.status) \(String(buffer: miss.body))")
            }
            XCTAssertEqual(harness.hotEntries, 0)
            XCTAssertEqual(harness.inflatedBodies, 0, "nor are their uncompressed bodies remembered")
            let hit = try await self.post(client, #"{"hashtag": "skincare", "ai_analysis_prompt": "What about the price?", "max_posts": 2}"#)
            XCTAssertEqual(hit.cacheStatus, "TagPulse; hit; ttl=900")
            XCTAssertEqual(harness.hotEntries, 1)
            XCTAssertEqual(harness.inflatedBodies, 0, "the first hit is served from its hot form: its body is held once")
            XCTAssertNil(hit.headers[.contentEncoding])
            XCTAssertEqual(hit.headers[.contentLength], String(hit.body.readableBytes))
            XCTAssertEqual(hit.headers[.cacheControl], "private, max-age=900")
            XCTAssertEqual(hit.headers[HTTPField.Name("Age")!], "0")
            XCTAssertNotNil(hit.headers[.eTag])
            XCTAssertEqual(hit.headers[.vary], "Accept-Encoding")
            let again = try await self.post(client, #"{"hashtag": "skincare", "ai_analysis_prompt": "What about the price?", "max_posts": 2}"#)
            XCTAssertEqual(again.body, hit.body)
            XCTAssertEqual(again.headers[.eTag], hit.headers[.eTag])
        }
        XCTAssertEqual(harness.calls, 3)
    }

    func testTheSameMeaningIsTheSameEntryWhateverTheForm() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            let variants = [
                ##"{"ai_analysis_prompt":"What do people think about the price?","hashtag":"skincare"}"##,
                ##"{"hashtag":"SKINCARE","ai_analysis_prompt":"What do people think about the price?","max_posts":20,"max_comments_per_post":"50"}"##,
            ]
            for variant in variants {
                let response = try await self.post(client, variant)
                XCTAssertEqual(response.cacheStatus?.hasPrefix("TagPulse; hit"), true, variant)
            }
            let legacy = try await self.post(client, nil, path: "/analyze-tiktok-hashtags")
            XCTAssertEqual(legacy.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            let query = "prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=20"
            let get = try await client.execute(uri: "/v1/hashtags/%23SkinCare/analysis?\(query)", method: .get, headers: CacheTestHarness.headers())
            XCTAssertEqual(get.status, .ok)
            XCTAssertEqual(get.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            let different = try await self.post(
                client,
                ##"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":19}"##
            )
            XCTAssertEqual(different.cacheStatus?.hasPrefix("TagPulse; fwd=uri-miss"), true)
        }
        XCTAssertEqual(harness.calls, 2)
    }

    func testConcurrentIdenticalMissesMakeOneEngineCall() async throws {
        let harness = try CacheTestHarness()
        harness.engine.delay.withLock { $0 = .milliseconds(300) }
        try await harness.run { client in
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        let response = try await self.post(client)
                        return (response.status, response.cacheStatus)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertTrue(statuses.allSatisfy { $0.0 == .ok })
            XCTAssertEqual(statuses.filter { $0.1?.contains("fwd=uri-miss") == true }.count, 1)
            XCTAssertEqual(statuses.filter { $0.1?.contains("collapsed") == true }.count, 99)
        }
        XCTAssertEqual(harness.calls, 1)
    }

    func testStaleWhileRevalidateServesStaleAndRefreshesOnce() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            harness.advance(seconds: 901)
            // The refresh takes a while: every request meanwhile is served stale, and none starts another refresh.
            harness.engine.delay.withLock { $0 = .milliseconds(300) }
            for _ in 0..<5 {
                let stale = try await self.post(client)
                XCTAssertEqual(stale.status, .ok)
                XCTAssertEqual(stale.cacheStatus?.contains("detail=stale-while-revalidate"), true, stale.cacheStatus ?? "")
            }
            let deadline = ContinuousClock.now + .seconds(5)
            var status = ""
            while ContinuousClock.now < deadline {
                status = try await self.post(client).cacheStatus ?? ""
                if status == "TagPulse; hit; ttl=900" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            XCTAssertEqual(status, "TagPulse; hit; ttl=900", "the refreshed entry is fresh")
            XCTAssertEqual(harness.calls, 2, "one background refresh")
        }
    }

    func testEngineTroubleServesStaleWithinStaleIfErrorThen503() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            harness.engine.outcome.withLock { $0 = .failure(.unavailable) }
            harness.engine.pingFailure.withLock { $0 = .unavailable }
            harness.advance(seconds: 900 + 3600 + 10)
            let stale = try await self.post(client)
            XCTAssertEqual(stale.status, .ok)
            XCTAssertEqual(stale.cacheStatus?.hasPrefix("TagPulse; fwd=stale; fwd-status=503"), true, stale.cacheStatus ?? "")
            XCTAssertEqual(stale.cacheStatus?.hasSuffix("detail=stale-if-error"), true)
            harness.advance(seconds: 86_400)
            let gone = try await self.post(client)
            XCTAssertEqual(gone.status, .serviceUnavailable)
            XCTAssertEqual(gone.headers[.retryAfter], "1")
            XCTAssertEqual(gone.headers[.contentType], "application/problem+json")
            let other = try await self.post(client, ##"{"hashtag":"neverseen","ai_analysis_prompt":"What do people think about the price?"}"##)
            XCTAssertEqual(other.status, .serviceUnavailable)
        }
    }

    func testRequestDirectives() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            let absent = try await self.post(client, nil, [("Cache-Control", "only-if-cached")])
            XCTAssertEqual(absent.status, .gatewayTimeout)
            XCTAssertTrue(String(buffer: absent.body).contains("NOT_CACHED"))
            _ = try await self.post(client)
            let cached = try await self.post(client, nil, [("Cache-Control", "only-if-cached")])
            XCTAssertEqual(cached.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            harness.advance(seconds: 1)
            let forced = try await self.post(client, nil, [("Cache-Control", "no-cache")])
            XCTAssertEqual(forced.cacheStatus, "TagPulse; fwd=request; fwd-status=200; stored")
        }
        XCTAssertEqual(harness.calls, 2)
    }

    /// `Cache-Control: max-age=N` (RFC 9111 §5.2.1.1): a stored entry older than N seconds does not answer; the
    /// gateway refreshes it (as for `no-cache`), and one young enough does. With `only-if-cached` too, 504.
    func testARequestsMaxAgeRefusesOlderEntries() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            _ = try await self.post(client)  // hit: now hot as well
            harness.advance(seconds: 120)
            let young = try await self.post(client, nil, [("Cache-Control", "max-age=600")])
            XCTAssertEqual(young.cacheStatus?.hasPrefix("TagPulse; hit"), true, young.cacheStatus ?? "")
            XCTAssertEqual(young.headers[.age], "120")
            let cachedOnly = try await self.post(client, nil, [("Cache-Control", "max-age=60, only-if-cached")])
            XCTAssertEqual(cachedOnly.status, .gatewayTimeout, "nothing stored is young enough")
            let refreshed = try await self.post(client, nil, [("Cache-Control", "max-age=60")])
            XCTAssertEqual(refreshed.cacheStatus, "TagPulse; fwd=request; fwd-status=200; stored")
            let after = try await self.post(client, nil, [("Cache-Control", "max-age=60")])
            XCTAssertEqual(after.cacheStatus?.hasPrefix("TagPulse; hit"), true, "the refreshed entry is young: \(after.cacheStatus ?? "")")
        }
        XCTAssertEqual(harness.calls, 2, "the first miss and the one refresh")
    }

    /// An entry that would not answer anyway (past stale-while-revalidate) is refreshed as stale, not as the client's
    /// refresh, whatever its `max-age`.
    func testAMaxAgeOnAnEntryPastRevalidationIsAnOrdinaryStaleFill() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            harness.advance(seconds: 900 + 3600 + 10)
            let refreshed = try await self.post(client, nil, [("Cache-Control", "max-age=60")])
            XCTAssertEqual(refreshed.cacheStatus, "TagPulse; fwd=stale; fwd-status=200; stored")
        }
        XCTAssertEqual(harness.calls, 2)
    }

    func testMissingTargetsAreCachedBriefly() async throws {
        let harness = try CacheTestHarness()
        harness.engine.outcome.withLock { $0 = .failure(.init(.engine(WireError(code: .targetNotFound, message: "no videos for #nothing")))) }
        try await harness.run { client in
            let first = try await self.post(client)
            XCTAssertEqual(first.status, .notFound)
            XCTAssertTrue(String(buffer: first.body).contains("TARGET_NOT_FOUND"))
            let second = try await self.post(client)
            XCTAssertEqual(second.status, .notFound)
            XCTAssertEqual(second.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            XCTAssertEqual(second.headers[.contentType], "application/problem+json")
            harness.advance(seconds: 61)
            _ = try await self.post(client)
        }
        XCTAssertEqual(harness.calls, 2)
    }

    func testPurgeHardAndSoft() async throws {
        let harness = try CacheTestHarness()
        try await harness.run { client in
            _ = try await self.post(client)
            let purge = { (body: String) in
                try await client.execute(
                    uri: "/v1/admin/cache/purge",
                    method: .post,
                    headers: CacheTestHarness.headers(),
                    body: ByteBuffer(string: body)
                )
            }
            harness.advance(seconds: 1)
            let hard = try await purge(##"{"hashtag":"#SKINCARE"}"##)
            XCTAssertEqual(hard.status, .ok)
            harness.advance(seconds: 1)
            let afterHard = try await self.post(client)
            XCTAssertEqual(afterHard.cacheStatus?.hasPrefix("TagPulse; fwd=uri-miss"), true, afterHard.cacheStatus ?? "")
            harness.advance(seconds: 1)
            let soft = try await purge(#"{"tag":"hashtag:skincare","soft":true}"#)
            XCTAssertEqual(soft.status, .ok)
            harness.advance(seconds: 1)
            let afterSoft = try await self.post(client)
            XCTAssertEqual(afterSoft.cacheStatus?.contains("stale-while-revalidate"), true, afterSoft.cacheStatus ?? "")
            let invalid = try await purge(#"{"hashtag":"skincare","account":"x"}"#)
            XCTAssertEqual(invalid.status, .unprocessableContent)
            // The selector rules (CachePurgeTarget, shared with `tagpulse purge`): 422 VALIDATION_FAILED naming the field.
            let refusals: [(body: String, field: String, message: String)] = [
                ("{}", "key", "give exactly one of key, hashtag, account, query, tag"),
                (#"{"soft":true}"#, "key", "give exactly one of key, hashtag, account, query, tag"),
                (#"{"hashtag":"skincare","account":"x"}"#, "key", "give exactly one of key, hashtag, account, query, tag"),
                (#"{"key":"abc"}"#, "key", "must be a cache key: 64 hexadecimal digits"),
                (#"{"tag":"tag:skincare"}"#, "tag", "must be hashtag:<tag>, account:<username> or query:<text>"),
                (#"{"tag":"hashtag:skin care"}"#, "tag", "must be hashtag:<tag>, account:<username> or query:<text>"),
                (#"{"hashtag":"skin care"}"#, "hashtag", "is not a valid hashtag"),
                (#"{"account":"a b"}"#, "account", "is not a valid account"),
                (#"{"query":"  "}"#, "query", "is not a valid query"),
            ]
            for refusal in refusals {
                let response = try await purge(refusal.body)
                XCTAssertEqual(response.status, .unprocessableContent, refusal.body)
                let problem = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                XCTAssertEqual(problem["code"] as? String, "VALIDATION_FAILED", refusal.body)
                let errors = try XCTUnwrap(problem["errors"] as? [[String: Any]], refusal.body)
                XCTAssertEqual(errors.count, 1, refusal.body)
                XCTAssertEqual(errors.first?["field"] as? String, refusal.field, refusal.body)
                XCTAssertEqual(errors.first?["message"] as? String, refusal.message, refusal.body)
            }
        }
    }

    func testASeparateCacheRedisHoldsTheEntriesAndTheControlRedisTheRest() async throws {
        let harness = try CacheTestHarness(separateCacheRedis: true)
        try await harness.run { client in
            _ = try await self.post(client)
            let hit = try await self.post(client)
            XCTAssertEqual(hit.cacheStatus?.hasPrefix("TagPulse; hit"), true)
            let cacheKeys = try await harness.keys(on: harness.cacheRedis!)
            XCTAssertEqual(cacheKeys.count, 1)
            XCTAssertTrue(cacheKeys[0].hasPrefix(harness.prefix + "c:{"), "\(cacheKeys)")
            let controlKeys = try await harness.keys(on: harness.redis)
            XCTAssertFalse(controlKeys.contains { $0.hasPrefix(harness.prefix + "c:{") }, "\(controlKeys)")
        }
        XCTAssertEqual(harness.calls, 1)
    }
}
