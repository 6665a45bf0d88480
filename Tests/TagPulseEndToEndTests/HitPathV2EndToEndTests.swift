import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TagPulseTestSupport
import XCTest

/// Hit path v2 (decision 0003) through real gateway processes on a private Redis: POST hits on the event loop, what a
/// hit costs Redis in each mode, purges and lost notices seen by every instance within a second, and the leased
/// bound under a burst across three gateways.
final class HitPathV2EndToEndTests: XCTestCase, @unchecked Sendable {
    var http: HTTPClient!
    var stack: StackProcess?
    var redis: RedisServerProcess?

    override func setUp() async throws {
        try StackProcess.skipUnlessRunnable()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(10), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    override func tearDown() async throws {
        self.stack?.stopAll()
        self.redis?.stop()
        try await self.http?.shutdown()
        self.http = nil
    }

    let getPath = "/v1/hashtags/skincare/analysis?prompt=What%20do%20people%20think%20about%20the%20price%3F&max_posts=5"
    let postBody = #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":5}"#

    /// An engine and `gateways` gateways on a Redis of their own (so its counters are theirs alone), all ready.
    func fleet(gateways: Int, _ environment: [String: String] = [:]) async throws -> StackProcess {
        let redis = try RedisServerProcess()
        self.redis = redis
        try redis.start()
        let stack = try await StackProcess.started(gateways: gateways, on: redis, environment: environment, http: self.http)
        self.stack = stack
        return stack
    }

    func get(_ url: String, key: String, headers: [(String, String)] = []) async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer) {
        try await self.http.stackRequest(url + self.getPath, key: key, headers: headers)
    }

    func post(_ url: String, key: String, body: String? = nil) async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer) {
        try await self.http.stackRequest(url + "/v1/analyze/hashtag", method: .POST, body: body ?? self.postBody, key: key)
    }

    /// Hard-purges the hashtag through the gateway at `purging`, then asks `watched` again until its answer is no
    /// longer a hit, for at most a second: the last `Cache-Status` it gave.
    func purgeHashtag(through purging: String, thenWatch watched: String, key: String) async throws -> String {
        let purged = try await self.http.stackRequest(purging + "/v1/admin/cache/purge", method: .POST, body: #"{"hashtag":"skincare"}"#, key: key)
        XCTAssertEqual(purged.status, 200, String(buffer: purged.body))
        let started = ContinuousClock.now
        var status = ""
        while ContinuousClock.now - started < .seconds(1) {
            status = try await self.get(watched, key: key).headers.first(name: "Cache-Status") ?? ""
            if !status.contains("; hit") { break }
        }
        return status
    }

    /// `calls` per command name on this test's own Redis (`INFO commandstats`).
    func commandCalls() throws -> [String: Int] {
        try XCTUnwrap(self.redis).commandCalls()
    }

    func netOutputBytes() throws -> Int {
        let info = try XCTUnwrap(self.redis).cli(["INFO", "stats"])
        let line = try XCTUnwrap(info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_net_output_bytes:") })
        return try XCTUnwrap(Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)))
    }

    func eventLoopLines(_ stack: StackProcess, _ name: String = "tagpulse-gateway") -> Int {
        stack.log(name).split(separator: "\n").filter { $0.contains("request.completed") && $0.contains("\"http.handler\":") }.count
    }

    func testPostHitsAreAnsweredOnTheEventLoopInOneScriptCallWhateverTheBodySize() async throws {
        let stack = try await self.fleet(gateways: 1)
        let miss = try await self.post(stack.baseURL, key: stack.key)
        XCTAssertEqual(miss.status, 200)
        XCTAssertEqual(miss.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true)
        // The GET form of the same request is the same entry, and the first hit brings its body into memory.
        let warm = try await self.get(stack.baseURL, key: stack.key)
        XCTAssertEqual(warm.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit"), true)
        XCTAssertEqual(warm.body, miss.body)

        let before = try self.commandCalls()
        let bytesBefore = try self.netOutputBytes()
        for _ in 0..<50 {
            let hit = try await self.post(stack.baseURL, key: stack.key)
            XCTAssertEqual(hit.status, 200)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; hit; ttl="), true)
            XCTAssertEqual(hit.body, miss.body)
        }
        let after = try self.commandCalls()
        let bytes = try self.netOutputBytes() - bytesBefore
        let evalsha = (after["evalsha"] ?? 0) - (before["evalsha"] ?? 0)
        let get = (after["get"] ?? 0) - (before["get"] ?? 0)
        let getrange = (after["getrange"] ?? 0) - (before["getrange"] ?? 0)
        XCTAssertEqual(evalsha, 50, "one script call per hit: \(before) → \(after)")
        // Inside it: the window's state (GET) and the entry's head (GETRANGE); the body is never read.
        XCTAssertEqual(get, 50, "only the rate-limit state is read whole")
        XCTAssertEqual(getrange, 50)
        XCTAssertLessThan(bytes / 50, 600, "Redis reply bytes per hit do not grow with the \(miss.body.readableBytes)-byte body")
        XCTAssertGreaterThanOrEqual(self.eventLoopLines(stack), 50)

        // A body that differs in any field is another entry (and a miss), never the cached one.
        let other = try await self.post(
            stack.baseURL,
            key: stack.key,
            body: #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":4}"#
        )
        XCTAssertEqual(other.headers.first(name: "Cache-Status")?.hasPrefix("TagPulse; fwd=uri-miss"), true)
        XCTAssertNotEqual(other.headers.first(name: "ETag"), miss.headers.first(name: "ETag"))
        // A malformed body and one over the event loop's cap still get the router's answers.
        let malformed = try await self.post(stack.baseURL, key: stack.key, body: #"{"hashtag":"#)
        XCTAssertEqual(malformed.status, 400)
        let padded =
            #"{"hashtag":"skincare","ai_analysis_prompt":"What do people think about the price?","max_posts":5,"pad":""#
            + String(repeating: "x", count: 20_000) + #""}"#
        let big = try await self.post(stack.baseURL, key: stack.key, body: padded)
        XCTAssertEqual(big.status, 200)
        XCTAssertEqual(big.body, miss.body, "unknown fields are ignored; the router serves the same entry")
    }

    func testLeasedHitsCostRedisAlmostNothing() async throws {
        // Nothing driven by time runs during the measurement but the instance's heartbeat (and connection PINGs): a
        // slice lives a minute (none expires or is returned), a hot entry stays confirmed for a minute, usage flushes
        // wait ten. Whatever else Redis runs, the hits caused.
        let maxSlice = 256
        let stack = try await self.fleet(
            gateways: 1,
            [
                "TAGPULSE_RATELIMIT_MODE": "leased", "TAGPULSE_RATELIMIT_LEASE_MS": "60000", "TAGPULSE_CACHE_HOT_MAX_STALE_MS": "60000",
                "TAGPULSE_RATELIMIT_LEASE_MAX_SLICE": String(maxSlice), "TAGPULSE_USAGE_FLUSH_INTERVAL_MS": "600000",
            ]
        )
        // Slices start at one request and double while they are spent within half their lifetime: 600 requests
        // reach the largest (1 + 2 + … + 256 = 511).
        for _ in 0..<600 { _ = try await self.post(stack.baseURL, key: stack.key) }
        let hits = 1000
        let monitor = try RedisMonitor(try XCTUnwrap(self.redis))
        for _ in 0..<hits {
            let hit = try await self.post(stack.baseURL, key: stack.key)
            XCTAssertEqual(hit.status, 200)
        }
        let commands = try monitor.stop()
        let heartbeat = stack.keyPrefix + "gw:instances"
        let caused = commands.filter { $0.firstKey != heartbeat && $0.name != "PING" }
        // Sent by the gateway: slices only, each one script call on the client's `requests` window.
        let sent = caused.filter { !$0.fromScript }
        let window = stack.keyPrefix + "rl:{client:bootstrap}:"
        XCTAssertEqual(sent.filter { $0.name != "EVALSHA" || $0.arguments.count < 4 || !$0.arguments[3].hasPrefix(window) }, [], "\(sent)")
        // 1000 requests in slices of 256 (the last quarter of one joins the next): at most one call per 192 and one
        // already under way.
        XCTAssertLessThanOrEqual(sent.count, hits / (maxSlice * 3 / 4) + 1, "\(sent)")
        XCTAssertGreaterThanOrEqual(sent.count, hits / maxSlice - 1, "the hits were charged")
        // Everything Redis ran for them, the scripts' own commands included: under 0.05 per hit.
        XCTAssertLessThan(caused.count, hits / 20, "\(caused)")
        let hit = try await self.post(stack.baseURL, key: stack.key)
        XCTAssertNotNil(hit.headers.first(name: "RateLimit"))
        XCTAssertNil(hit.headers.first(name: "TagPulse-Degraded"))
    }

    func testAHardPurgeThroughOneInstanceStopsHitsOnTheOthersWithinASecondInBothModes() async throws {
        for mode in ["exact", "leased"] {
            let stack = try await self.fleet(gateways: 2, ["TAGPULSE_RATELIMIT_MODE": mode])
            let (first, second) = (stack.gatewayURLs[0], stack.gatewayURLs[1])
            _ = try await self.get(first, key: stack.key)
            for _ in 0..<3 {
                let hit = try await self.get(second, key: stack.key)
                XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.contains("; hit"), true)
            }
            let status = try await self.purgeHashtag(through: first, thenWatch: second, key: stack.key)
            XCTAssertTrue(status.contains("fwd="), "\(mode): still a hit a second after the purge: \(status)")
            stack.stopAll()
            self.redis?.stop()
        }
    }

    /// With the entries on a Redis of their own (`cache.redis_url`), exact-mode hits read the entry's head there
    /// (decision 0005's one pipeline per tick, the entries' part on the cache Redis) and the charge and marks on the
    /// control Redis; a hard purge through one gateway still stops hits on the other within a second.
    func testExactHitsWithASeparateCacheRedisReadTheEntriesThereAndAHardPurgeStopsThem() async throws {
        let cache = try RedisServerProcess()
        defer { cache.stop() }
        try cache.start()
        let stack = try await self.fleet(gateways: 2, ["TAGPULSE_RATELIMIT_MODE": "exact", "TAGPULSE_CACHE_REDIS_URL": cache.url])
        let (first, second) = (stack.gatewayURLs[0], stack.gatewayURLs[1])
        _ = try await self.get(first, key: stack.key)
        let (controlBefore, cacheBefore) = (try self.commandCalls(), try cache.commandCalls())
        for _ in 0..<5 {
            let hit = try await self.get(second, key: stack.key)
            XCTAssertEqual(hit.status, 200)
            XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.contains("; hit"), true)
        }
        let (controlAfter, cacheAfter) = (try self.commandCalls(), try cache.commandCalls())
        XCTAssertEqual((cacheAfter["getrange"] ?? 0) - (cacheBefore["getrange"] ?? 0), 5, "each hit reads its entry's head on the cache Redis")
        XCTAssertEqual((controlAfter["getrange"] ?? 0) - (controlBefore["getrange"] ?? 0), 0)
        XCTAssertEqual((controlAfter["evalsha"] ?? 0) - (controlBefore["evalsha"] ?? 0), 5, "and is charged on the control Redis")
        let status = try await self.purgeHashtag(through: first, thenWatch: second, key: stack.key)
        XCTAssertTrue(status.contains("fwd="), "still a hit a second after the purge: \(status)")
    }

    func testALeasedHotEntryIsNeverServedPastItsMaximumStalenessWhenTheNoticeIsLost() async throws {
        let stack = try await self.fleet(gateways: 1, ["TAGPULSE_RATELIMIT_MODE": "leased", "TAGPULSE_CACHE_HOT_MAX_STALE_MS": "500"])
        _ = try await self.get(stack.baseURL, key: stack.key)
        let hit = try await self.get(stack.baseURL, key: stack.key)
        XCTAssertEqual(hit.headers.first(name: "Cache-Status")?.contains("; hit"), true)
        // A hard purge written straight into Redis, with no notice: as if the notice had been lost.
        let tag = stack.keyPrefix + "cp:t:hashtag:skincare"
        _ = try XCTUnwrap(self.redis).cli(["HSET", tag, "hard", String(Int(Date().timeIntervalSince1970 * 1000))])
        let purgedAt = ContinuousClock.now
        var lastHit = purgedAt
        while ContinuousClock.now - purgedAt < .milliseconds(1500) {
            let status = try await self.get(stack.baseURL, key: stack.key).headers.first(name: "Cache-Status") ?? ""
            if status.contains("; hit") { lastHit = ContinuousClock.now } else { break }
        }
        XCTAssertLessThan(lastHit - purgedAt, .milliseconds(700), "served as a hit past the 500 ms bound")
    }

    /// A client that sends a GET with a large body and reads only once it has sent all it could (curl, most
    /// libraries) still gets the 413 before the connection ends (a reset arriving first would destroy it unread).
    func testAGetWithALargeBodyGetsIts413EvenWhenTheClientReadsLate() async throws {
        let stack = try await self.fleet(gateways: 1)
        _ = try await self.get(stack.baseURL, key: stack.key)  // cached: the GET is a hit candidate
        let size = 4 << 20
        for _ in 0..<3 {
            let connection = try RawHTTPConnection(port: stack.port)
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(connection.descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            connection.send(
                "GET \(self.getPath) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(stack.key)\r\nContent-Length: \(size)\r\n\r\n"
            )
            let chunk = String(repeating: "a", count: 64 << 10)
            var sent = 0
            while sent < size, connection.send(chunk) { sent += chunk.utf8.count }
            let answer = connection.readUntilClosed(timeoutSeconds: 10)
            XCTAssertEqual(RawHTTPConnection.status(answer), 413, "after \(sent) bytes sent: \(answer.prefix(200))")
            XCTAssertTrue(answer.contains("PAYLOAD_TOO_LARGE"))
        }
    }

    func testThreeLeasedGatewaysStayWithinTheBoundOfABurstOf2000() async throws {
        let environment = [
            "TAGPULSE_RATELIMIT_TIERS": "test", "TAGPULSE_RATELIMIT_TIER_TEST_REQUESTS": "100/min",
            "TAGPULSE_RATELIMIT_TIER_TEST_ANALYSES": "1000/min", "TAGPULSE_AUTH_BOOTSTRAP_TIER": "test",
            "TAGPULSE_RATELIMIT_MODE": "leased", "TAGPULSE_RATELIMIT_DECISION_TIMEOUT_MS": "2000",
        ]
        let stack = try await self.fleet(gateways: 3, environment)
        try await Task.sleep(for: .seconds(2))  // heartbeats: every instance counts 3 live gateways
        let urls = stack.gatewayURLs
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            var statuses: [Int] = []
            for index in 0..<2000 {
                if index >= 48 { statuses.append(try await group.next()!) }
                group.addTask {
                    try await self.http.stackRequest(urls[index % 3] + "/v1/analyze/hashtag", method: .POST, body: "{}", key: stack.key).status
                }
            }
            for try await status in group { statuses.append(status) }
            return statuses
        }
        let refilled = Int((ContinuousClock.now - started) / .milliseconds(600)) + 1
        let admitted = statuses.filter { $0 == 422 }.count
        XCTAssertEqual(admitted + statuses.filter { $0 == 429 }.count, 2000, "\(Set(statuses))")
        // Never more than exact mode (100, plus one per 600 ms of refill while the burst lasts: 10 when it takes
        // 6 s, more on a loaded machine), and at most the slices parked on the three instances (3 × 16) less.
        XCTAssertLessThanOrEqual(admitted, 100 + max(10, refilled), "the burst took \(refilled) refill intervals")
        XCTAssertGreaterThanOrEqual(admitted, 95)
    }
}
