import Hummingbird
import HummingbirdTesting
import Synchronization
import XCTest

@testable import TagPulseGateway

/// `/readyz` is public: its checks run at most once per `readiness.cache_ms` whatever the request rate, and callers
/// arriving while a round runs wait for it (issue #15, item 11).
final class ReadinessCacheTests: XCTestCase {
    /// A check that counts how often it runs and takes a little time.
    final class CountingCheck: ReadinessCheck {
        let name: String
        let runs = Atomic<Int>(0)
        let ready = Atomic<Bool>(true)

        init(name: String) { self.name = name }

        func isReady(requestID: String) async -> Bool {
            self.runs.add(1, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(20))
            return self.ready.load(ordering: .relaxed)
        }
    }

    func testChecksRunAtMostOncePerCacheWindow() async throws {
        let clock = Atomic<Int64>(1_000_000)
        let engine = CountingCheck(name: "engine")
        let redis = CountingCheck(name: "redis")
        let router = GatewayApplication.makeRouter(
            configuration: GatewayConfiguration(bootstrapKey: nil),
            engine: InMemoryEngine(),
            readinessChecks: [engine, redis],
            nowMilliseconds: { clock.load(ordering: .relaxed) }
        )
        try await Application(router: router).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .ok) }
                    }
                }
                try await group.waitForAll()
            }
            XCTAssertEqual(engine.runs.load(ordering: .relaxed), 1, "50 concurrent calls, one round of checks")
            XCTAssertEqual(redis.runs.load(ordering: .relaxed), 1)

            engine.ready.store(false, ordering: .relaxed)
            clock.add(999, ordering: .relaxed)
            try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .ok, "still the cached round") }
            XCTAssertEqual(engine.runs.load(ordering: .relaxed), 1)
            clock.add(1001, ordering: .relaxed)
            try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .serviceUnavailable, "a new round after a second") }
            XCTAssertEqual(engine.runs.load(ordering: .relaxed), 2)
        }
    }
}
