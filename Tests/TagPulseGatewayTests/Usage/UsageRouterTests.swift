import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TagPulseAccess
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// Usage counted by the router (cache off: every valid analysis is an engine call), in memory, with the cost the
/// engine reports in `metadata.usage`.
final class UsageRouterTests: XCTestCase, @unchecked Sendable {
    static let key = "tp_test_key_0123456789abcdef"
    let now: @Sendable () -> Int64 = { 1_796_450_000_000 }
    var auth: HTTPFields { [.authorization: "Bearer \(Self.key)", .contentType: "application/json"] }
    let body = #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?"}"#

    func testRequestsEngineCallsBytesProblemsIncludedAndTheEnginesCostAreCountedPerClientAndKey() async throws {
        var result = AnalysisResult.sample
        result.metadata.usage = AnalysisUsage(upstreamCalls: 7, openAIPromptTokens: 1200, openAICompletionTokens: 340)
        let engine = InMemoryEngine(.result(result))
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: self.now)
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: Self.key),
            engine: engine,
            nowMilliseconds: self.now,
            usage: recorder
        )
        let bytes = try await Application(router: router).test(.router) { client in
            var bytes = 0
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/analyze/hashtag",
                    method: .post,
                    headers: self.auth,
                    body: ByteBuffer(string: self.body)
                )
                XCTAssertEqual(response.status, .ok)
                bytes += response.body.readableBytes
            }
            // Problem documents are answers too: their bytes count (an APIError, and a body over the limit).
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: ByteBuffer(string: "{}")) {
                XCTAssertEqual($0.status, .unprocessableContent)
                XCTAssertGreaterThan($0.body.readableBytes, 0)
                bytes += $0.body.readableBytes
            }
            let oversized = ByteBuffer(
                string: String(repeating: " ", count: GatewayConfiguration(bootstrapKey: Self.key).maxBodyBytes + 1) + self.body
            )
            try await client.execute(uri: "/v1/analyze/hashtag", method: .post, headers: self.auth, body: oversized) {
                XCTAssertEqual($0.status, .contentTooLarge)
                XCTAssertEqual($0.headers[.contentType], "application/problem+json")
                bytes += $0.body.readableBytes
            }
            // Unauthenticated: nobody's usage.
            try await client.execute(
                uri: "/v1/analyze/hashtag",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: self.body)
            ) {
                XCTAssertEqual($0.status, .unauthorized)
            }
            return bytes
        }
        let pending = recorder.pending
        XCTAssertEqual(pending.count, 1)
        let (bucket, counts) = try XCTUnwrap(pending.first)
        XCTAssertEqual(bucket, UsageBucket(account: UsageAccount(client: "bootstrap", key: "bootstrap"), day: UsageDay(parsing: "2026-12-05")!))
        XCTAssertEqual(counts.requests, 4)
        XCTAssertEqual(counts.engineCalls, 2)
        XCTAssertEqual(counts.hitsFresh, 0)
        XCTAssertEqual(counts.bytesOut, Int64(bytes))
        XCTAssertEqual(counts.upstreamCalls, 14)
        XCTAssertEqual(counts.openAIPromptTokens, 2400)
        XCTAssertEqual(counts.openAICompletionTokens, 680)
    }

    func testTheUsageRouteChecksItsParametersAndNeedsItsStore() async throws {
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: Self.key),
            engine: InMemoryEngine(),
            nowMilliseconds: self.now
        )
        try await Application(router: router).test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/v1/admin/usage?from=2026-02-30", .badRequest, "USAGE_INVALID_DATE"),
                ("/v1/admin/usage?from=2026-12-06&to=2026-12-01", .badRequest, "USAGE_RANGE_INVERTED"),
                ("/v1/admin/usage?from=2024-01-01", .badRequest, "USAGE_RANGE_TOO_LONG"),
                ("/v1/admin/usage?group=day&group=key", .badRequest, "USAGE_INVALID_PARAMETER"),
                ("/v1/admin/usage", .serviceUnavailable, "USAGE_UNAVAILABLE"),
            ]
            for (uri, status, code) in cases {
                try await client.execute(uri: uri, method: .get, headers: self.auth) { response in
                    XCTAssertEqual(response.status, status, uri)
                    XCTAssertEqual(response.headers[.contentType], "application/problem+json")
                    XCTAssertTrue(String(buffer: response.body).contains(#""code":"\#(code)""#), String(buffer: response.body))
                }
            }
            try await client.execute(uri: "/v1/admin/usage", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
        }
    }
}
