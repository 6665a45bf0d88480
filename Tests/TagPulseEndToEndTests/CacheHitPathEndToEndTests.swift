import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// The event-loop hit path (decision 0001) through the real gateway binary: fresh hits of the GET form are answered
/// by the channel handler with every header the router would set; everything else still reaches the router.
final class CacheHitPathEndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        try await self.http?.shutdown()
        self.http = nil
    }

    let path = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=5"

    func get(_ stack: StackProcess, _ path: String, headers: [(String, String)] = []) async throws -> (
        status: Int, headers: HTTPHeaders, body: ByteBuffer
    ) {
        try await self.http.stackRequest(stack.baseURL + path, key: stack.key, headers: headers)
    }

    func start(_ environment: [String: String]) async throws -> StackProcess {
        let stack = try StackProcess(extraEnvironment: environment)
        self.stack = stack
        try stack.startEngine()
        try stack.startGateway()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let ready = try? await self.get(stack, "/readyz"), ready.status == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return stack
    }

    /// Access lines written by the hit paths (`http.handler: front` or `event-loop`; the router's lines have none).
    func eventLoopHits(_ stack: StackProcess) -> Int {
        stack.log("tagpulse-gateway").split(separator: "\n").filter { $0.contains("request.completed") && $0.contains("\"http.handler\":") }.count
    }

    func testFreshHitsAreAnsweredOnTheEventLoopWithEveryHeader() async throws {
        let stack = try await self.start(["TAGPULSE_RATELIMIT_TIER_INTERNAL_REQUESTS": "8/min"])
        let miss = try await self.get(stack, self.path)
        XCTAssertEqual(miss.status, 200)
        XCTAssertEqual(miss.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true)
        XCTAssertEqual(self.eventLoopHits(stack), 0)

        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let traceHeaders = [("X-Request-ID", "hit-path-1"), ("traceparent", parent), ("tracestate", "lb=7,BAD=1")]
        let hit = try await self.get(stack, self.path, headers: traceHeaders)
        XCTAssertEqual(hit.status, 200)
        // W3C trace context on the event loop too: the same trace, the gateway's own span, logged.
        let traceparent = try XCTUnwrap(hit.headers.first(name: "traceparent"))
        XCTAssertTrue(traceparent.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") && traceparent != parent, traceparent)
        XCTAssertEqual(hit.headers.first(name: "tracestate"), "lb=7", "tracestate returned, its invalid member dropped")
        let hitLine = stack.log("tagpulse-gateway").split(separator: "\n").first { $0.contains(#""request.id":"hit-path-1""#) }
        XCTAssertTrue(hitLine?.contains(#""trace.id":"4bf92f3577b34da6a3ce929d0e0e4736""#) == true, String(hitLine ?? ""))
        XCTAssertTrue(hitLine?.contains(#""span.parent_id":"00f067aa0ba902b7""#) == true, String(hitLine ?? ""))
        XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit; ttl="), true)
        XCTAssertEqual(hit.headers.first(name: "X-Request-ID"), "hit-path-1")
        XCTAssertEqual(hit.headers.first(name: "X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(hit.headers.first(name: "ETag"), miss.headers.first(name: "ETag"))
        XCTAssertEqual(hit.headers.first(name: "Content-Type"), "application/json")
        XCTAssertNotNil(hit.headers.first(name: "Age"))
        XCTAssertNotNil(hit.headers.first(name: "Date"))
        XCTAssertEqual(hit.headers.first(name: "RateLimit-Policy"), #""requests-60s";q=8;w=60"#)
        XCTAssertEqual(hit.headers.first(name: "X-RateLimit-Remaining"), "6")
        XCTAssertEqual(hit.body, miss.body)

        let etag = try XCTUnwrap(hit.headers.first(name: "ETag"))
        let notModified = try await self.get(stack, self.path, headers: [("If-None-Match", etag)])
        XCTAssertEqual(notModified.status, 304)
        let gzip = try await self.get(stack, self.path, headers: [("Accept-Encoding", "gzip")])
        XCTAssertEqual(gzip.status, 200)
        XCTAssertEqual(gzip.headers.first(name: "Content-Encoding"), "gzip")
        XCTAssertEqual(self.eventLoopHits(stack), 3)

        // Directives go to the router; so does CORS. The answers stay the same.
        let onlyIfCached = try await self.get(stack, self.path, headers: [("Cache-Control", "only-if-cached")])
        XCTAssertEqual(onlyIfCached.status, 200)
        XCTAssertEqual(self.eventLoopHits(stack), 3)

        // The window runs out (8 per minute): a 429 problem from the hit path, nothing charged for it.
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try await self.get(stack, self.path).status) }
        XCTAssertEqual(statuses, [200, 200, 200, 429], "5 of 8 used above")
        let limited = try await self.get(stack, self.path)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers.first(name: "Content-Type"), "application/problem+json")
        XCTAssertNotNil(limited.headers.first(name: "Retry-After"))
        XCTAssertTrue(String(buffer: limited.body).contains(#""violated_policies":["requests-60s"]"#))
    }

    func testManyConcurrentHitsOnFewConnectionsStayInOrderAndComplete() async throws {
        let stack = try await self.start([:])
        _ = try await self.get(stack, self.path)
        let other = "/v1/hashtags/airfryer/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=3"
        let results = try await withThrowingTaskGroup(of: (String, Int, String?).self) { group in
            for index in 0..<300 {
                // Hits, misses (the first airfryer), POSTs and bad queries interleaved on the same connections.
                let path = index % 5 == 0 ? other : (index % 7 == 0 ? "/v1/hashtags/skincare/analysis?max_posts=500" : self.path)
                group.addTask {
                    let response = try await self.get(stack, path)
                    return (path, response.status, response.headers.first(name: "Cache-Status"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (path, status, cacheStatus) in results {
            if path.contains("max_posts=500") {
                XCTAssertEqual(status, 422)
            } else {
                XCTAssertEqual(status, 200, path)
                XCTAssertNotNil(cacheStatus)
            }
        }
        XCTAssertGreaterThan(self.eventLoopHits(stack), 100)
    }
}
