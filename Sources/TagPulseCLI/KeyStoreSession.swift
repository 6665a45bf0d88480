import Foundation
import TagPulseAccess
import TagPulseRedis

/// A short-lived connection to the key store: runs the Redis client, waits for its connection, runs one command's
/// work, then stops the client.
enum KeyStoreSession {
    /// How long to wait for a connection before giving up (exit status 3).
    static let connectWait: Duration = .seconds(2)

    /// Runs `body` with a ``KeyStore`` on `settings`' Redis. Redis trouble becomes a ``KeysFailure`` with status 3
    /// that names the server's `host:port`, never its password.
    static func run<T: Sendable>(
        _ settings: KeysSettings,
        connectWait: Duration = Self.connectWait,
        _ body: @Sendable (KeyStore) async throws -> T
    ) async throws -> T {
        let report = ConnectionReport()
        let client: RedisClient
        do {
            client = try RedisClient(configuration: settings.redis, logger: report.logger)
        } catch {
            throw KeysFailure.usage("redis: \(error.message)")
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await Self.waitForConnection(client, report: report, settings: settings, within: connectWait)
            let store = KeyStore(redis: client, keyspace: settings.keyspace, nowMilliseconds: Self.nowMilliseconds)
            do {
                return try await body(store)
            } catch let error as RedisClientError {
                throw KeysFailure(.redis, "redis at \(settings.redisAddress) failed: \(error.description)")
            }
        }
    }

    private static func waitForConnection(
        _ client: RedisClient,
        report: ConnectionReport,
        settings: KeysSettings,
        within wait: Duration
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while client.connectedCount == 0 {
            // A refused AUTH or SELECT will not get better by retrying.
            if report.lastErrorCode == "configuration" {
                throw KeysFailure(
                    .redis,
                    "redis at \(settings.redisAddress) refused the connection set-up (AUTH or SELECT): check the user, password and database"
                )
            }
            guard clock.now < deadline else {
                throw KeysFailure(
                    .redis,
                    "cannot reach redis at \(settings.redisAddress) (no connection within \(wait)): is it running, and is the URL right?"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Unix time in milliseconds (the gateway's clock for key times).
    @Sendable static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
