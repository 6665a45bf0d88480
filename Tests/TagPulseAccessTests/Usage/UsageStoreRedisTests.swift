import Logging
import NIOCore
import TagPulseAccess
import TagPulseRedis
import XCTest

/// ``UsageStore`` and ``UsageFlusher`` on the shared test Redis (a key prefix per test, deleted afterwards), and the
/// flusher's retry against a Redis that is not there.
final class UsageStoreRedisTests: XCTestCase, @unchecked Sendable {
    let acme = UsageAccount(client: "acme", key: "k1")
    let day = UsageDay(parsing: "2026-12-05")!

    func counts(requests: Int64, hits: Int64 = 0, tokens: Int64 = 0) -> UsageCounts {
        var counts = UsageCounts()
        counts.requests = requests
        counts.hitsFresh = hits
        counts.openAIPromptTokens = tokens
        return counts
    }

    func testWritesAddUpAndReadBackPerDayClientAndKeyWithTheRetentionAsExpiry() async throws {
        let keyspace = uniqueKeyspace()
        try await withSharedRedis(keyspace: keyspace) { redis in
            let store = UsageStore(redis: redis, keyspace: keyspace, retentionDays: 90)
            let globex = UsageAccount(client: "globex", key: "k9")
            var batch: [UsageBucket: UsageCounts] = [
                UsageBucket(account: self.acme, day: self.day): self.counts(requests: 3, hits: 2, tokens: 150),
                UsageBucket(account: self.acme, day: self.day.adding(days: -1)): self.counts(requests: 1),
                UsageBucket(account: globex, day: self.day): self.counts(requests: 7),
            ]
            let first = await store.write(batch, number: store.nextNumber())
            XCTAssertEqual(first, UsageStore.WriteOutcome())
            // Two instances' flushes of the same day add up.
            batch = [UsageBucket(account: self.acme, day: self.day): self.counts(requests: 2, hits: 2)]
            let other = UsageStore(redis: redis, keyspace: keyspace, retentionDays: 90)
            let second = await other.write(batch, number: other.nextNumber())
            XCTAssertEqual(second, UsageStore.WriteOutcome())

            let rows = try await store.read(client: nil, from: self.day.adding(days: -1), to: self.day)
            XCTAssertEqual(
                rows.map { "\($0.day) \($0.client) \($0.key) \($0.counts.requests)" },
                [
                    "2026-12-04 acme k1 1", "2026-12-05 acme k1 5", "2026-12-05 globex k9 7",
                ]
            )
            XCTAssertEqual(rows[1].counts.hitsFresh, 4)
            XCTAssertEqual(rows[1].counts.openAIPromptTokens, 150)
            let acmeOnly = try await store.read(client: "acme", from: self.day, to: self.day)
            XCTAssertEqual(acmeOnly.count, 1)
            XCTAssertEqual(acmeOnly[0].counts.requests, 5)

            // Kept until the end of the day + 90 days, then gone.
            let hash = store.hash(client: "acme", day: self.day)
            XCTAssertTrue(hash.hasSuffix("usage:{acme}:20261205"), hash)
            let expiry = try await redis.send(RedisCommand("EXPIRETIME", [.string(hash)])).int
            XCTAssertEqual(expiry, self.day.adding(days: 91).startSeconds)
            let indexExpiry = try await redis.send(RedisCommand("EXPIRETIME", [.string(store.clientIndex(day: self.day))])).int
            XCTAssertEqual(indexExpiry, self.day.adding(days: 91).startSeconds)
        }
    }

    func testTheFlusherKeepsWhatRedisDidNotTakeAndWritesItWhenRedisIsBack() async throws {
        let keyspace = uniqueKeyspace()
        let recorder = UsageRecorder(maxBuckets: 100, nowMilliseconds: { 1_796_450_000_000 })
        recorder.add(self.counts(requests: 4), to: self.acme)
        // A client not connected yet: the write fails at once and is kept aside, with its number.
        let client = try RedisClient(configuration: RedisConfiguration(url: try requireSharedRedis()), logger: testLogger)
        let store = UsageStore(redis: client, keyspace: keyspace, retentionDays: 90)
        let flusher = UsageFlusher(recorder: recorder, store: store, interval: .seconds(1), logger: testLogger)
        let wrote = await flusher.flush()
        XCTAssertFalse(wrote)
        recorder.add(self.counts(requests: 1), to: self.acme)
        XCTAssertEqual(recorder.pending.values.first?.requests, 1, "counted meanwhile, beside the write kept aside")
        XCTAssertEqual(flusher.unwrittenBuckets, 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await waitUntil("the pool connects") { client.connectedCount > 0 }
            let flushed = await flusher.flush()
            XCTAssertTrue(flushed)
            XCTAssertEqual(flusher.unwrittenBuckets, 0)
            let rows = try await store.read(client: "acme", from: self.day, to: self.day)
            XCTAssertEqual(rows.first?.counts.requests, 5)
            try await deleteKeys(under: keyspace, client: client)
        }
    }

    /// A write sent again after its reply was lost (same number) adds nothing twice; the next write adds again.
    func testAWriteSentAgainWithItsNumberIsCountedOnce() async throws {
        let keyspace = uniqueKeyspace()
        try await withSharedRedis(keyspace: keyspace) { redis in
            let store = UsageStore(redis: redis, keyspace: keyspace, retentionDays: 90)
            let batch = [UsageBucket(account: self.acme, day: self.day): self.counts(requests: 3, hits: 1)]
            let number = store.nextNumber()
            _ = await store.write(batch, number: number)
            _ = await store.write(batch, number: number)
            var rows = try await store.read(client: "acme", from: self.day, to: self.day)
            XCTAssertEqual(rows.map(\.counts.requests), [3], "the second send of write \(number) changed nothing")
            _ = await store.write(batch, number: store.nextNumber())
            rows = try await store.read(client: "acme", from: self.day, to: self.day)
            XCTAssertEqual(rows.map(\.counts.requests), [6])
            XCTAssertEqual(rows.map(\.key), ["k1"], "the writer's number is not a key's figure")
        }
    }

    func testARefusedHashIsReportedWhileTheOthersAreWritten() async throws {
        let keyspace = uniqueKeyspace()
        try await withSharedRedis(keyspace: keyspace) { redis in
            let store = UsageStore(redis: redis, keyspace: keyspace, retentionDays: 90)
            // A string where acme's hash should be: its HINCRBY is refused (WRONGTYPE), globex's is not.
            _ = try await redis.send(.set(store.hash(client: "acme", day: self.day), "x"))
            let globex = UsageAccount(client: "globex", key: "k9")
            let outcome = await store.write(
                [
                    UsageBucket(account: self.acme, day: self.day): self.counts(requests: 2),
                    UsageBucket(account: globex, day: self.day): self.counts(requests: 3),
                ],
                number: store.nextNumber()
            )
            XCTAssertEqual(outcome.refused, [UsageBucket(account: self.acme, day: self.day): self.counts(requests: 2)])
            XCTAssertTrue(outcome.unwritten.isEmpty, "refused, not unreachable: sending it again would fail again")
            let rows = try await store.read(client: "globex", from: self.day, to: self.day)
            XCTAssertEqual(rows.first?.counts.requests, 3)
        }
    }
}
