import NIOCore
import NIOPosix
import TagPulseRedis
import TagPulseTestSupport
import XCTest

@testable import TagPulseAccess

/// ``CoalescedCharges`` and `redis/gcra-many.lua` against the real server: requests gathered in one tick are decided
/// exactly as the same requests one after the other.
final class CoalescedChargesTests: XCTestCase, @unchecked Sendable {
    let perMinute = RatePolicy(group: "requests", limit: 10, periodMilliseconds: 60_000)
    let perDay = RatePolicy(group: "requests", limit: 15, periodMilliseconds: 86_400_000)

    func limiter(_ client: RedisClient, _ keyspace: AccessKeyspace, clock: TestClock) -> RateLimiter {
        RateLimiter(
            redis: client,
            keyspace: keyspace,
            settings: RateLimitSettings(decisionTimeout: .seconds(2)),
            liveInstances: { 1 },
            fixedNowMicroseconds: { clock.microseconds },
            localNowMicroseconds: { clock.microseconds },
            eventLoopGroup: client.eventLoopGroup,
            logger: testLogger
        )
    }

    /// `count` charges of `subject` made in one task on one loop: one tick.
    func inOneTick(_ charges: CoalescedCharges, _ subject: RateSubject, policies: [RatePolicy], count: Int, on loop: any EventLoop)
        async throws -> [RateDecision]
    {
        try await loop.flatSubmit {
            EventLoopFuture.whenAllSucceed((0..<count).map { _ in charges.decide(subject, policies: policies, on: loop) }, on: loop)
        }.get()
    }

    func testOneTickDecidesAsTheSameRequestsOneAfterTheOther() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        let policies = [self.perMinute, self.perDay]
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let charges = CoalescedCharges(limiter: limiter, eventLoops: client.eventLoopGroup)
            let loop = client.eventLoopGroup.next()
            let alone = RateSubject.client("alone")
            let gathered = RateSubject.client("gathered")
            // Some history first (both subjects the same), then a burst past both windows, then a later one.
            for subject in [alone, gathered] {
                for _ in 0..<3 { _ = try await limiter.decide(policies.map { (subject, $0) }) }
            }
            clock.advance(milliseconds: 2_500)
            var expected: [RateDecision] = []
            for _ in 0..<12 { expected.append(try await limiter.decide(policies.map { (alone, $0) })) }
            let got = try await self.inOneTick(charges, gathered, policies: policies, count: 12, on: loop)
            XCTAssertEqual(got, expected)
            XCTAssertEqual(got.filter(\.allowed).count, 7)
            XCTAssertEqual(got.compactMap { $0.allowed ? $0.policies[0].remaining : nil }, [6, 5, 4, 3, 2, 1, 0])
            // What Redis kept is the same too: the next minute admits the same for both.
            clock.advance(milliseconds: 60_000)
            var later: [RateDecision] = []
            for _ in 0..<6 { later.append(try await limiter.decide(policies.map { (alone, $0) })) }
            let gatheredLater = try await self.inOneTick(charges, gathered, policies: policies, count: 6, on: loop)
            XCTAssertEqual(gatheredLater, later)
            XCTAssertEqual(gatheredLater.filter(\.allowed).count, 5, "the day window (15) refuses after 10 + 5")
            XCTAssertEqual(gatheredLater.last?.violated.map(\.policy.name), [self.perDay.name])
        }
    }

    func testASubjectsChargesDoNotMixWithAnothersInTheSameTick() async throws {
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        try await withSharedRedis(keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let charges = CoalescedCharges(limiter: limiter, eventLoops: client.eventLoopGroup)
            let loop = client.eventLoopGroup.next()
            let decisions = try await loop.flatSubmit {
                let futures = (0..<30).map { index in
                    charges.decide(.client(index % 2 == 0 ? "even" : "odd"), policies: [self.perMinute], on: loop).map { (index, $0) }
                }
                return EventLoopFuture.whenAllSucceed(futures, on: loop)
            }.get()
            XCTAssertEqual(decisions.filter { $0.0 % 2 == 0 && $0.1.allowed }.count, 10)
            XCTAssertEqual(decisions.filter { $0.0 % 2 == 1 && $0.1.allowed }.count, 10)
        }
    }

    /// Callers not on one of the charges' loops (a task, or another group's loop) are each decided by a script call of
    /// their own, even all at once, while the same burst from a known loop is one call. Counted on a private Redis,
    /// whose `EVALSHA` count is this test's alone.
    func testACallerOffTheLoopsIsDecidedAlone() async throws {
        _ = try requireSharedRedis()
        guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed") }
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        try redis.start()
        let keyspace = uniqueKeyspace()
        let clock = TestClock()
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await withRedis(url: redis.url, keyspace: keyspace) { client in
            let limiter = self.limiter(client, keyspace, clock: clock)
            let charges = CoalescedCharges(limiter: limiter, eventLoops: client.eventLoopGroup)
            let loop = client.eventLoopGroup.next()
            func scriptCalls() throws -> Int { try redis.commandCalls()["evalsha"] ?? 0 }
            // Both scripts loaded (a first call also runs SCRIPT LOAD).
            _ = try await self.inOneTick(charges, .client("warm"), policies: [self.perMinute], count: 2, on: loop)
            _ = try await charges.decide(.client("warm"), policies: [self.perMinute], on: loop).get()

            // Six at once from this task, which runs on no event loop.
            var before = try scriptCalls()
            let futures = (0..<6).map { _ in charges.decide(.client("task"), policies: [self.perMinute], on: loop) }
            let fromTask = try await EventLoopFuture.whenAllSucceed(futures, on: loop).get()
            XCTAssertEqual(try scriptCalls() - before, 6, "one script call each")
            XCTAssertEqual(fromTask.compactMap { $0.policies.first?.remaining }.sorted(), [4, 5, 6, 7, 8, 9])

            // Six in one tick of a loop the charges do not know.
            let foreign = other.next()
            before = try scriptCalls()
            let fromForeign = try await foreign.flatSubmit {
                EventLoopFuture.whenAllSucceed(
                    (0..<6).map { _ in charges.decide(.client("foreign"), policies: [self.perMinute], on: foreign) },
                    on: foreign
                )
            }.get()
            XCTAssertEqual(try scriptCalls() - before, 6, "one script call each")
            XCTAssertEqual(fromForeign.compactMap { $0.policies.first?.remaining }.sorted(), [4, 5, 6, 7, 8, 9])

            // The same six in one tick of a known loop: gathered into one call (the count above would see it).
            before = try scriptCalls()
            let gathered = try await self.inOneTick(charges, .client("gathered"), policies: [self.perMinute], count: 6, on: loop)
            XCTAssertEqual(try scriptCalls() - before, 1)
            XCTAssertEqual(gathered.compactMap { $0.policies.first?.remaining }, [9, 8, 7, 6, 5, 4])
        }
        try await other.shutdownGracefully()
    }

    /// The replay reads the reply with gcra.lua's arithmetic: a refused request reports the state it leaves.
    func testTheReplayOfAReplyMatchesTheSequentialArithmetic() {
        let now = 1_764_000_000_000_000.0
        let decisions = RateLimiter.replay(
            admitted: 2,
            count: 3,
            now: now,
            stored: [nil],
            policies: [RatePolicy(group: "requests", limit: 2, periodMilliseconds: 1_000)]
        )
        XCTAssertEqual(decisions.map(\.allowed), [true, true, false])
        XCTAssertEqual(decisions.map { $0.policies[0].remaining }, [1, 0, 0])
        XCTAssertEqual(decisions[2].retryAfterMilliseconds, 500)
    }
}
