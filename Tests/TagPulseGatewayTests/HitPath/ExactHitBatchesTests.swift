import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TagPulseAccess
import TagPulseCache
import TagPulseRedis
import TagPulseTestSupport
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// ``ExactHitBatches`` against a private Redis (its command counts are this test's alone): a tick's hits are one
/// script call per client and one head read per entry, each hit gets the decision it would have had alone and the
/// entry as Redis holds it, and a lost script, a lost reply or a hit from elsewhere still get an answer.
final class ExactHitBatchesTests: XCTestCase, @unchecked Sendable {
    let prefix = "tp:test:batch:\(UUID().uuidString.prefix(8)):"
    let perMinute = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)
    let now: Int64 = 1_764_000_000_000
    var stored: CacheKey { CacheKey(kind: .hashtag, params: AnalysisParams(target: "skincare", prompt: "p"), analyzer: "local", defaultModel: "m") }
    var missing: CacheKey { CacheKey(kind: .hashtag, params: AnalysisParams(target: "cats", prompt: "p"), analyzer: "local", defaultModel: "m") }

    func testOneTicksHitsAreOneScriptCallPerClientAndOneReadPerEntry() async throws {
        try await self.withBatches { batches, client, redis in
            // Hits of a script not loaded yet are decided through the limiter (which loads it): the same decisions.
            let first = try await self.inOneTick(batches, client, [("warm", self.stored)])
            XCTAssertEqual(first.map(\.allowed), [true])

            let before = try redis.commandCalls()
            let hits = Array(repeating: ("a", self.stored), count: 12) + [("b", self.missing), ("b", self.missing)]
            let lookups = try await self.inOneTick(batches, client, hits)
            let after = try redis.commandCalls()
            XCTAssertEqual((after["evalsha"] ?? 0) - (before["evalsha"] ?? 0), 2, "one script call per client")
            XCTAssertEqual((after["getrange"] ?? 0) - (before["getrange"] ?? 0), 2, "one head read per entry")

            let a = lookups.prefix(12)
            XCTAssertEqual(a.map(\.allowed), Array(repeating: true, count: 10) + [false, false])
            XCTAssertEqual(a.compactMap { $0.allowed ? $0.remaining : nil }, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
            XCTAssertEqual(a.map(\.entry), Array(repeating: "stored 200", count: 10) + ["unknown", "unknown"])
            XCTAssertEqual(lookups.suffix(2).map(\.allowed), [true, true])
            XCTAssertEqual(lookups.suffix(2).map(\.entry), ["absent", "absent"])
        }
    }

    /// With the entries on a separate cache Redis (`cache.redis_url`; here a second `redis-server`), the tick's
    /// `GETRANGE`s go there in a pipeline of their own, the charges and marks to the control Redis, and each hit still
    /// gets its decision and its entry.
    func testASeparateCacheRedisReadsTheEntriesInAPipelineOfItsOwn() async throws {
        try await self.withBatches(separateCache: true) { batches, client, redis in
            let cacheRedis = try XCTUnwrap(self.cacheServer)
            _ = try await self.inOneTick(batches, client, [("a", self.stored)])
            let (before, cacheBefore) = (try redis.commandCalls(), try cacheRedis.commandCalls())
            let lookups = try await self.inOneTick(batches, client, [("a", self.stored), ("a", self.stored), ("b", self.missing)])
            let (after, cacheAfter) = (try redis.commandCalls(), try cacheRedis.commandCalls())
            XCTAssertEqual((after["evalsha"] ?? 0) - (before["evalsha"] ?? 0), 2)
            XCTAssertEqual((after["getrange"] ?? 0) - (before["getrange"] ?? 0), 0, "no entry read on the control Redis")
            XCTAssertEqual((cacheAfter["getrange"] ?? 0) - (cacheBefore["getrange"] ?? 0), 2, "one per entry, on the cache Redis")
            XCTAssertEqual((cacheAfter["evalsha"] ?? 0) - (cacheBefore["evalsha"] ?? 0), 0)
            XCTAssertEqual(lookups.map(\.remaining), [8, 7, 9])
            XCTAssertEqual(lookups.map(\.entry), ["stored 200", "stored 200", "absent"])
        }
    }

    /// A tick asking for more entries than it finds by a scan (``ExactHitSender/scannedReads``) still reads each once
    /// and gives every hit its own entry.
    func testATickOfManyEntriesReadsEachOnce() async throws {
        try await self.withBatches { batches, client, redis in
            _ = try await self.inOneTick(batches, client, [("warm", self.stored)])
            let others = (0..<11).map {
                CacheKey(kind: .hashtag, params: AnalysisParams(target: "tag\($0)", prompt: "p"), analyzer: "local", defaultModel: "m")
            }
            let keys = [self.stored] + others
            let hits = (keys + keys).enumerated().map { ("c\($0.offset % keys.count)", $0.element) }
            let before = try redis.commandCalls()
            let lookups = try await self.inOneTick(batches, client, hits)
            let after = try redis.commandCalls()
            XCTAssertEqual((after["getrange"] ?? 0) - (before["getrange"] ?? 0), 12, "one head read per entry")
            let expected = ["stored 200"] + Array(repeating: "absent", count: 11)
            XCTAssertEqual(lookups.map(\.entry), expected + expected)
        }
    }

    /// A loop keeps each entry's last decoded head (``ExactHeadReplies``): a purge between two ticks is the next
    /// tick's answer, not the head decoded before it.
    func testAPurgeBetweenTicksIsSeenByTheNextTick() async throws {
        try await self.withBatches { batches, client, redis in
            _ = try await self.inOneTick(batches, client, [("a", self.stored)])
            let twice = try await self.inOneTick(batches, client, [("a", self.stored)])
            XCTAssertEqual(twice.map(\.entry), ["stored 200"])
            let marker = GatewayKeyspace(prefix: self.prefix).cache.keyMarker(hex: self.stored.hex)
            try redis.cli(["HSET", marker, "hard", String(Int64(Date().timeIntervalSince1970 * 1000) + 1000)])
            let purged = try await self.inOneTick(batches, client, [("a", self.stored)])
            XCTAssertEqual(purged.map(\.entry), ["absent"])
        }
    }

    /// A loop keeps each client's charge commands by count (``ExactTickCommands``): ticks of the same client with
    /// other counts, and of another client, charge exactly their own hits.
    func testKeptChargesChargeEachTicksOwnHits() async throws {
        try await self.withBatches { batches, client, _ in
            _ = try await self.inOneTick(batches, client, [("a", self.stored)])
            var remaining: [Int?] = []
            for hits in [[("a", 2)], [("a", 1)], [("a", 3), ("b", 1)], [("a", 1)], [("a", 2), ("b", 2)]] {
                let tick = hits.flatMap { subject, count in Array(repeating: (subject, self.stored), count: count) }
                remaining += try await self.inOneTick(batches, client, tick).map(\.remaining)
            }
            XCTAssertEqual(remaining, [8, 7, 6, 5, 4, 3, 9, 2, 1, 0, 8, 7])
        }
    }

    /// Redis lost its scripts (a restart, `SCRIPT FLUSH`): the `NOSCRIPT` batch charged nothing, and its hits are
    /// decided again through the limiter, which loads the script.
    func testALostScriptIsLoadedAgainAndNothingIsChargedTwice() async throws {
        try await self.withBatches { batches, client, redis in
            _ = try await self.inOneTick(batches, client, [("a", self.stored)])
            _ = try await self.inOneTick(batches, client, [("a", self.stored), ("a", self.stored)])
            try redis.cli(["SCRIPT", "FLUSH"])
            let lookups = try await self.inOneTick(batches, client, Array(repeating: ("a", self.stored), count: 3))
            XCTAssertEqual(lookups.map(\.remaining), [6, 5, 4], "three charged before, then these three, once each")
            XCTAssertEqual(lookups.map(\.entry), Array(repeating: "stored 200", count: 3))
            let next = try await self.inOneTick(batches, client, [("a", self.stored)])
            XCTAssertEqual(next.map(\.remaining), [3])
        }
    }

    /// Redis does not answer within `ratelimit.decision_timeout_ms`: each hit takes the degraded mode (`fail_open`
    /// here) and nothing is known of the entry, so the router decides it.
    func testNoReplyInTimeDegradesEachHitAndKnowsNothingOfTheEntry() async throws {
        try await self.withBatches(settings: RateLimitSettings(degradedMode: .failOpen, decisionTimeout: .milliseconds(100))) {
            batches,
            client,
            redis in
            _ = try await self.inOneTick(batches, client, [("a", self.stored)])
            try redis.cli(["CLIENT", "PAUSE", "600", "ALL"])
            let lookups = try await self.inOneTick(batches, client, [("a", self.stored), ("b", self.missing)])
            XCTAssertEqual(lookups.map(\.allowed), [true, true])
            XCTAssertEqual(lookups.map(\.degraded), [true, true])
            XCTAssertEqual(lookups.map(\.entry), ["unknown", "unknown"])
        }
    }

    func testAHitFromALoopItDoesNotKnowIsNotTaken() async throws {
        try await self.withBatches { batches, client, _ in
            let hit = ExactHitBatches.Hit(key: self.stored, subject: .client("a"), policies: [self.perMinute]) { _ in }
            XCTAssertFalse(batches.add(hit, on: client.eventLoopGroup.next()), "off the loop (a task)")
            let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let foreign = other.next()
            let taken = try await foreign.submit { batches.add(hit, on: foreign) }.get()
            try await other.shutdownGracefully()
            XCTAssertFalse(taken, "on a loop of another group")
        }
    }

    // MARK: - Set-up

    struct Seen: Sendable {
        var allowed: Bool
        var remaining: Int?
        var degraded: Bool
        var entry: String
    }

    /// `hits` (client, key) added in one tick of one of the client's loops; their look-ups in the same order.
    func inOneTick(_ batches: ExactHitBatches, _ client: RedisClient, _ hits: [(String, CacheKey)]) async throws -> [Seen] {
        let loop = client.eventLoopGroup.next()
        let results = Mutex<[Int: Result<HitLookup, any Error>]>([:])
        let done = loop.makePromise(of: Void.self)
        let policies = [self.perMinute]
        try await loop.submit {
            for (index, (subject, key)) in hits.enumerated() {
                let hit = ExactHitBatches.Hit(key: key, subject: .client(subject), policies: policies) { result in
                    let complete = results.withLock { seen in
                        seen[index] = result
                        return seen.count == hits.count
                    }
                    if complete { done.succeed() }
                }
                XCTAssertTrue(batches.add(hit, on: loop))
            }
        }.get()
        // A hit left unanswered fails the test instead of hanging it.
        let deadline = loop.scheduleTask(in: .seconds(10)) { done.fail(Unanswered(count: hits.count)) }
        defer { deadline.cancel() }
        try await done.futureResult.get()
        return try results.withLock { seen in
            try (0..<hits.count).map { index in
                let lookup = try XCTUnwrap(seen[index]).get()
                let entry: String
                switch lookup.entry {
                case .unknown: entry = "unknown"
                case .absent: entry = "absent"
                case .stored(let head, _): entry = "stored \(head.status)"
                }
                return Seen(
                    allowed: lookup.decision.allowed,
                    remaining: lookup.decision.policies.first?.remaining,
                    degraded: lookup.decision.degradation != nil,
                    entry: entry
                )
            }
        }
    }

    struct Unanswered: Error {
        var count: Int
    }

    /// `withBatches(separateCache: true)`'s cache Redis, for the test's body.
    var cacheServer: RedisServerProcess?

    func withBatches(
        settings: RateLimitSettings = RateLimitSettings(decisionTimeout: .seconds(2)),
        separateCache: Bool = false,
        _ body: @Sendable (ExactHitBatches, RedisClient, RedisServerProcess) async throws -> Void
    ) async throws {
        guard ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] != nil else {
            throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping Redis integration tests")
        }
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        try redis.start()
        var configuration = try RedisConfiguration(url: redis.url)
        configuration.poolSize = 1
        let logger = Logger(label: "test")
        let client = try RedisClient(configuration: configuration, logger: logger)
        let keyspace = GatewayKeyspace(prefix: self.prefix)
        let limiter = RateLimiter(
            redis: client,
            keyspace: keyspace.access,
            settings: settings,
            liveInstances: { 1 },
            localNowMicroseconds: { 0 },
            eventLoopGroup: client.eventLoopGroup,
            logger: logger
        )
        let cacheServer = separateCache ? try RedisServerProcess() : nil
        defer { cacheServer?.stop() }
        try cacheServer?.start()
        self.cacheServer = cacheServer
        let cacheClient = try cacheServer.map { server in
            var cacheConfiguration = try RedisConfiguration(url: server.url)
            cacheConfiguration.poolSize = 1
            return try RedisClient(configuration: cacheConfiguration, logger: logger)
        }
        let store = CacheStore(control: client, cache: cacheClient, keyspace: keyspace.cache, maximumEntryBytes: 1 << 20)
        XCTAssertEqual(store.sameServer, !separateCache)
        let hot = HotCache(capacityBytes: 1 << 20)
        let now = self.now
        let sender = ExactHitSender(limiter: limiter, store: store) { head, key in
            HitCore.entry(head, key: key, hot: hot, leased: false, now: { now })
        }
        let batches = ExactHitBatches(sender: sender, eventLoops: client.eventLoopGroup)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            if let cacheClient { group.addTask { try await cacheClient.run() } }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(5)
            while client.connectedCount < 1 || (cacheClient?.connectedCount ?? 1) < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let entry = try CacheEntry(
                status: 200,
                body: ByteBuffer(string: #"{"ok":true}"#),
                tags: self.stored.tags,
                storedAt: Int64(Date().timeIntervalSince1970 * 1000),
                lifetimes: .defaultPositive
            )
            let kept = try await store.store(entry, for: self.stored).get()
            XCTAssertTrue(kept)
            try await body(batches, client, redis)
        }
    }
}
