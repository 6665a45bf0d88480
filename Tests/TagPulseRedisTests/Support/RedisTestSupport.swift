import Foundation
import Logging
import NIOCore
import TagPulseRedis
import TagPulseTestSupport
import XCTest

/// The shared test server from `scripts/test`, or nil (integration tests then skip).
let sharedRedisURL: String? = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"]

func requireSharedRedis() throws -> String {
    guard let url = sharedRedisURL else {
        throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping Redis integration tests")
    }
    return url
}

func requireRedisServerBinary() throws {
    guard RedisServerProcess.isInstalled else { throw XCTSkip("redis-server is not installed; skipping") }
}

/// A logger that drops everything below warning (no bootstrap in tests).
let testLogger: Logger = {
    var logger = Logger(label: "tagpulse.redis.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["TAGPULSE_TEST_LOG"] == nil ? .warning : .trace
    return logger
}()

/// A unique key prefix for one test.
func uniquePrefix(_ function: String = #function) -> String {
    "tp:test:\(function.prefix { $0 != "(" }):\(UUID().uuidString.prefix(8)):"
}

/// Runs `client.run()` while `body` runs, after waiting (≤ 5 s) for the pool to connect; then cancels it.
func withRunningClient<T: Sendable>(
    _ configuration: RedisConfiguration,
    waitForConnections: Bool = true,
    _ body: @Sendable (RedisClient) async throws -> T
) async throws -> T {
    let client = try RedisClient(configuration: configuration, logger: testLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        if waitForConnections {
            try await waitUntil("the pool connects") { client.connectedCount == configuration.poolSize }
        }
        return try await body(client)
    }
}

/// Polls `condition` every 20 ms for at most `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestFailure("timed out waiting until \(what)")
}

/// A private `redis-server` started on a free port, and a configuration for it with the given pool size and
/// reconnect bounds; the caller stops the server.
func startOwnServer(poolSize: Int, reconnect: ClosedRange<Int>) throws -> (RedisServerProcess, RedisConfiguration) {
    try requireRedisServerBinary()
    let server = try RedisServerProcess()
    try server.start()
    var configuration = try RedisConfiguration(url: server.url)
    configuration.poolSize = poolSize
    configuration.reconnectMinimum = .milliseconds(reconnect.lowerBound)
    configuration.reconnectMaximum = .milliseconds(reconnect.upperBound)
    return (server, configuration)
}
