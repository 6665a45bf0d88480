import Logging
import Synchronization
import TagPulseWire
import XCTest

@testable import TagPulseGateway

/// ``EngineIdentity`` and its refresher's step, on an injected clock (no sleeping).
final class EngineIdentityTests: XCTestCase {
    /// An engine whose `stats` answers with `analyzer` (or fails) and counts the calls.
    final class StatsEngine: AnalysisEngine {
        let analyzer = Mutex("local-6")
        let failing = Mutex(false)
        let statsCalls = Mutex(0)

        func analyze(_ kind: AnalysisKind, params: AnalysisParams, requestID: String) async throws(EngineClientError) -> AnalysisResult {
            throw EngineClientError(.protocolViolation("not used"))
        }

        func ping(requestID: String, timeout: Duration) async throws(EngineClientError) -> PingResult {
            PingResult(version: "test")
        }

        func stats(requestID: String, timeout: Duration) async throws(EngineClientError) -> EngineStats {
            self.statsCalls.withLock { $0 += 1 }
            if self.failing.withLock({ $0 }) { throw EngineClientError(.protocolViolation("down")) }
            return EngineStats(
                version: "test",
                provider: "local",
                analyzer: self.analyzer.withLock { $0 },
                defaultModel: "m",
                uptimeSeconds: 1,
                maxConcurrentAnalyses: 1,
                inFlight: 0,
                connections: 1,
                requestsTotal: 0,
                errorsTotal: [:]
            )
        }
    }

    final class Clock: Sendable {
        let milliseconds: Mutex<Int64>
        init(_ start: Int64) { self.milliseconds = Mutex(start) }
        func advance(_ by: Int64) { self.milliseconds.withLock { $0 += by } }
    }

    func makeIdentity(_ engine: StatsEngine, clock: Clock) -> EngineIdentity {
        let now: @Sendable () -> Int64 = { clock.milliseconds.withLock { $0 } }
        return EngineIdentity(engine: engine, redis: nil, keyPrefix: "tp", nowMilliseconds: now, logger: Logger(label: "test"))
    }

    /// The hit path reads only memory: with the refresher's step every 10 s, it finds the identity at every moment of
    /// five minutes (without it, the identity expires a minute after the first fetch and every hit goes to the router).
    func testTheRefresherKeepsTheIdentityInMemoryForTheHitPath() async {
        let engine = StatsEngine()
        let clock = Clock(1_000_000)
        let identity = self.makeIdentity(engine, clock: clock)
        XCTAssertNil(identity.cachedValue)
        for step in 0..<30 {
            await identity.refreshIfDue(requestID: "r")
            for _ in 0..<10 {
                XCTAssertEqual(identity.cachedValue?.analyzer, "local/local-6", "at \(step * 10) s")
                clock.advance(1_000)
            }
        }
        // One fetch at the start, then one at every step 40 s after the last (40, 80, … 280 s): 8 in all.
        XCTAssertEqual(engine.statsCalls.withLock { $0 }, 8)
    }

    func testTheRefresherAsksOnlyFromTheRefreshAge() async {
        let engine = StatsEngine()
        let clock = Clock(0)
        let identity = self.makeIdentity(engine, clock: clock)
        let first = await identity.refreshIfDue(requestID: "r")
        XCTAssertTrue(first)
        clock.advance(EngineIdentity.refreshAge - 1)
        let early = await identity.refreshIfDue(requestID: "r")
        XCTAssertFalse(early)
        XCTAssertEqual(engine.statsCalls.withLock { $0 }, 1)
        clock.advance(1)
        let due = await identity.refreshIfDue(requestID: "r")
        XCTAssertTrue(due)
        XCTAssertEqual(engine.statsCalls.withLock { $0 }, 2)
    }

    /// A redeployed engine (another analyzer) is seen within one refresh, before the old identity's minute is out.
    func testARefreshSeesANewAnalyzer() async {
        let engine = StatsEngine()
        let clock = Clock(0)
        let identity = self.makeIdentity(engine, clock: clock)
        await identity.refreshIfDue(requestID: "r")
        engine.analyzer.withLock { $0 = "local-7" }
        clock.advance(EngineIdentity.refreshAge)
        XCTAssertEqual(identity.cachedValue?.analyzer, "local/local-6")
        await identity.refreshIfDue(requestID: "r")
        XCTAssertEqual(identity.cachedValue?.analyzer, "local/local-7")
    }

    /// While the engine does not answer, the known identity serves the hit path until its minute is out; then the hit
    /// path steps aside (the router's path still answers from the known identity) and the refresher keeps asking.
    func testAnEngineThatStopsAnsweringLeavesTheIdentityToExpireOnTheHitPath() async {
        let engine = StatsEngine()
        let clock = Clock(0)
        let identity = self.makeIdentity(engine, clock: clock)
        await identity.refreshIfDue(requestID: "r")
        engine.failing.withLock { $0 = true }
        clock.advance(EngineIdentity.refreshAge)
        await identity.refreshIfDue(requestID: "r")
        XCTAssertEqual(identity.cachedValue?.analyzer, "local/local-6")
        clock.milliseconds.withLock { $0 = EngineIdentity.lifetime }
        XCTAssertNil(identity.cachedValue)
        let known = await identity.current(requestID: "r")
        XCTAssertEqual(known?.analyzer, "local/local-6")
        await identity.refreshIfDue(requestID: "r")
        XCTAssertEqual(engine.statsCalls.withLock { $0 }, 4)
    }
}
