import Foundation
import NIOCore
import Synchronization
import TagPulseRedis
import TagPulseTestSupport
import XCTest

/// Failures on private servers: Redis killed and restarted under load, and command timeouts.
final class RedisFailureTests: XCTestCase {
    /// Outcomes of the load loop, by error code.
    private struct Tally: Sendable {
        var succeeded = 0
        var succeededAfterRestart = 0
        var failures: [String: Int] = [:]
        var longestWait: Duration = .zero
    }

    private final class LoadState: Sendable {
        let tally = Mutex(Tally())
        let restarted = Atomic<Bool>(false)
    }

    func testKilledAndRestartedMidLoadCallersGetErrorsNeverHangAndRecover() async throws {
        let (server, ownConfiguration) = try startOwnServer(poolSize: 2, reconnect: 20...200)
        defer { server.stop() }
        var configuration = ownConfiguration
        configuration.commandTimeout = .milliseconds(500)
        let timeout = configuration.commandTimeout
        let state = LoadState()
        let prefix = uniquePrefix()

        try await withRunningClient(configuration) { client in
            let clock = ContinuousClock()
            let end = clock.now + .seconds(4)
            try await withThrowingDiscardingTaskGroup { group in
                for caller in 0..<16 {
                    group.addTask {
                        var iterations = 0
                        while clock.now < end, iterations < 200_000 {
                            iterations += 1
                            let start = clock.now
                            let afterRestart = state.restarted.load(ordering: .acquiring)
                            do throws(RedisClientError) {
                                _ = try await client.send(.set(prefix + "\(caller)", .int(iterations)))
                                state.tally.withLock {
                                    $0.succeeded += 1
                                    if afterRestart { $0.succeededAfterRestart += 1 }
                                }
                            } catch {
                                state.tally.withLock { $0.failures["\(error.code)", default: 0] += 1 }
                                try await Task.sleep(for: .milliseconds(2))
                            }
                            let waited = clock.now - start
                            state.tally.withLock { $0.longestWait = max($0.longestWait, waited) }
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(1))
                    server.kill()
                    try await Task.sleep(for: .milliseconds(700))
                    try server.start()
                    state.restarted.store(true, ordering: .releasing)
                }
            }
            try await waitUntil("the pool reconnects") { client.connectedCount == 2 }
        }
        let result = state.tally.withLock { $0 }
        XCTAssertGreaterThan(result.failures.values.reduce(0, +), 0, "the outage was visible")
        XCTAssertGreaterThan(result.succeededAfterRestart, 0, "callers recovered: \(result)")
        XCTAssertLessThanOrEqual(result.longestWait, timeout + .milliseconds(250), "no caller waited past its timeout: \(result)")
        XCTAssertEqual(result.failures["timeout"] ?? 0, 0, "a crash costs the requests in flight, not timeouts: \(result)")
        XCTAssertEqual(Set(result.failures.keys).subtracting(["unavailable", "connectionClosed"]), [], "\(result)")
    }

    func testTimeoutFailsTheCallerReplacesTheConnectionAndTheLateReplyGoesNowhere() async throws {
        try requireRedisServerBinary()
        let server = try RedisServerProcess(extraArguments: ["--enable-debug-command", "yes"])
        defer { server.stop() }
        try server.start()
        var configuration = try RedisConfiguration(url: server.url)
        configuration.poolSize = 1
        configuration.reconnectMinimum = .milliseconds(10)
        configuration.reconnectMaximum = .milliseconds(50)
        let prefix = uniquePrefix()
        try await withRunningClient(configuration) { client in
            _ = try await client.send(.set(prefix + "k", "right"))
            let clock = ContinuousClock()
            let start = clock.now
            async let sleeper = client.send(RedisCommand("DEBUG", "SLEEP", "0.5"), timeout: .milliseconds(100))
            try await Task.sleep(for: .milliseconds(20))
            async let queued = client.send(.get(prefix + "k"), timeout: .seconds(2))
            do {
                _ = try await sleeper
                XCTFail("expected a timeout")
            } catch {
                XCTAssertEqual((error as? RedisClientError)?.code, .timeout)
            }
            XCTAssertLessThan(clock.now - start, .milliseconds(100) + .milliseconds(250))
            do {
                _ = try await queued
                XCTFail("the connection was replaced")
            } catch {
                XCTAssertEqual((error as? RedisClientError)?.code, .connectionClosed)
            }
            try await waitUntil("a new connection is up") { (try? await client.send(.ping)) == .simpleString("PONG") }
            let value = try await client.send(.get(prefix + "k"))
            XCTAssertEqual(value.string, "right", "the late +OK from DEBUG SLEEP reached no one")
            _ = try await client.send(.del([prefix + "k"]))
        }
    }
}
