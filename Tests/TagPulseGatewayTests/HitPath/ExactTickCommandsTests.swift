import Logging
import NIOCore
import TagPulseCache
import TagPulseWire
import XCTest

@testable import TagPulseAccess
@testable import TagPulseGateway
@testable import TagPulseRedis

/// ``ExactTickCommands`` without Redis: an entry's head read is made once and then sent as the same bytes, each key
/// gets its own, the tables stay bounded; a client's charges are kept per count once the script is known, and never
/// when they cannot be made (no script yet) or would carry the time (a fixed clock). That kept charges charge the
/// right hits is ``ExactHitBatchesTests``' part, against Redis.
final class ExactTickCommandsTests: XCTestCase {
    func key(_ target: String) -> CacheKey {
        CacheKey(kind: .hashtag, params: AnalysisParams(target: target, prompt: "p"), analyzer: "local", defaultModel: "m")
    }

    func withParts(fixedClock: Bool = false, _ body: (CacheStore, RateLimiter) throws -> Void) throws {
        let client = try RedisClient(configuration: RedisConfiguration(url: "redis://127.0.0.1:1/0"), logger: Logger(label: "test"))
        let keyspace = GatewayKeyspace(prefix: "tp:test:tick:")
        let store = CacheStore(control: client, cache: nil, keyspace: keyspace.cache, maximumEntryBytes: 1 << 20)
        let limiter = RateLimiter(
            redis: client,
            keyspace: keyspace.access,
            settings: RateLimitSettings(),
            liveInstances: { 1 },
            fixedNowMicroseconds: { fixedClock ? 1_764_000_000_000_000 : nil },
            localNowMicroseconds: { 0 },
            eventLoopGroup: client.eventLoopGroup,
            logger: Logger(label: "test")
        )
        try body(store, limiter)
    }

    private func bytes(_ commands: [RedisCommand]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for command in commands { command.encode(into: &buffer) }
        return buffer
    }

    func testAnEntrysHeadReadIsMadeOnceAndSentAsTheSameBytes() throws {
        try self.withParts { store, _ in
            let tick = ExactTickCommands()
            let first = tick.headRead(self.key("skincare"), store: store)
            let again = tick.headRead(self.key("skincare"), store: store)
            let made = store.headRead(self.key("skincare"))
            XCTAssertTrue(first.entry.isPreEncoded)
            XCTAssertTrue(first.marks.allSatisfy(\.isPreEncoded))
            XCTAssertEqual(first.entry, made.entry)
            XCTAssertEqual(first.marks, made.marks)
            XCTAssertEqual(self.bytes([again.entry] + again.marks), self.bytes([made.entry] + made.marks))
            XCTAssertEqual(tick.count, 1)

            let other = tick.headRead(self.key("cats"), store: store)
            XCTAssertEqual(other.entry, store.headRead(self.key("cats")).entry)
            XCTAssertNotEqual(other.entry, first.entry)
            XCTAssertEqual(tick.count, 2)
        }
    }

    func testTheTablesAreBounded() throws {
        try self.withParts { store, _ in
            let tick = ExactTickCommands(limit: 3)
            for index in 0..<10 {
                let read = tick.headRead(self.key("tag\(index)"), store: store)
                XCTAssertEqual(read.entry, store.headRead(self.key("tag\(index)")).entry)
                XCTAssertLessThanOrEqual(tick.count, 3)
            }
        }
    }

    func testChargesAreKeptPerCountOnceTheScriptIsKnownAndNeverWithTheTimeInThem() throws {
        let policy = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)
        try self.withParts { _, limiter in
            XCTAssertTrue(limiter.asksServerTime)
            let tick = ExactTickCommands()
            XCTAssertNil(tick.pendingCharges(.client("a"), policies: [policy], count: 2, limiter: limiter), "no script loaded yet")
            XCTAssertEqual(tick.count, 0)

            self.knowScript(limiter)
            let two = try XCTUnwrap(tick.pendingCharges(.client("a"), policies: [policy], count: 2, limiter: limiter))
            XCTAssertTrue(two.command.isPreEncoded)
            XCTAssertEqual(two.command, limiter.pendingCharges(.client("a"), policies: [policy], count: 2)?.command)
            XCTAssertEqual(tick.pendingCharges(.client("a"), policies: [policy], count: 2, limiter: limiter)?.command, two.command)
            XCTAssertEqual(tick.count, 1, "the same charges again: kept")
            let three = tick.pendingCharges(.client("a"), policies: [policy], count: 3, limiter: limiter)
            XCTAssertEqual(three?.command, limiter.pendingCharges(.client("a"), policies: [policy], count: 3)?.command)
            XCTAssertNotEqual(three?.command, two.command)
            let other = tick.pendingCharges(.client("b"), policies: [policy], count: 2, limiter: limiter)
            XCTAssertEqual(other?.command, limiter.pendingCharges(.client("b"), policies: [policy], count: 2)?.command)
            XCTAssertEqual(tick.count, 3, "one per subject and count")
        }
        try self.withParts(fixedClock: true) { _, limiter in
            XCTAssertFalse(limiter.asksServerTime)
            self.knowScript(limiter)
            let tick = ExactTickCommands()
            let charges = try XCTUnwrap(tick.pendingCharges(.client("a"), policies: [policy], count: 2, limiter: limiter))
            XCTAssertFalse(charges.command.isPreEncoded)
            XCTAssertTrue(charges.command.arguments.contains("1764000000000000"), "the time is in the command")
            XCTAssertEqual(tick.count, 0)
        }
    }

    /// As if `gcra-many.lua` had been loaded: its SHA known to the limiter's client.
    private func knowScript(_ limiter: RateLimiter) {
        limiter.redis.scriptHashes.withLock { $0[RedisScript.gcraMany.name] = String(repeating: "a", count: 40) }
    }
}
