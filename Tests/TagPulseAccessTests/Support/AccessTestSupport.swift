import Foundation
import Logging
import NIOCore
import TagPulseAccess
import TagPulseRedis
import XCTest

/// The shared test server from `scripts/test`, or nil (integration tests then skip).
func requireSharedRedis() throws -> String {
    guard let url = ProcessInfo.processInfo.environment["TAGPULSE_TEST_REDIS_URL"] else {
        throw XCTSkip("TAGPULSE_TEST_REDIS_URL is not set (scripts/test sets it); skipping Redis integration tests")
    }
    return url
}

let testLogger: Logger = {
    var logger = Logger(label: "tagpulse.access.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["TAGPULSE_TEST_LOG"] == nil ? .warning : .trace
    return logger
}()

/// A keyspace of its own for one test: `tp:test:<function>:<random>:`.
func uniqueKeyspace(_ function: String = #function) -> AccessKeyspace {
    AccessKeyspace(prefix: "tp:test:\(function.prefix { $0 != "(" }):\(UUID().uuidString.prefix(8)):")
}

/// An authenticator over `store` on the test clock, as a gateway instance without a bootstrap key has; its change
/// notices arrive only while the test runs its `run()`.
func storeAuthenticator(_ store: KeyStore, clock: TestClock, settings: KeyAuthenticator.Settings = .init()) -> KeyAuthenticator {
    KeyAuthenticator(
        store: store,
        bootstrap: nil,
        bootstrapTier: "internal",
        settings: settings,
        nowMilliseconds: { clock.milliseconds },
        logger: testLogger
    )
}

/// How many `HGETALL`s (key-store lookups) Redis has run since it started (`INFO commandstats`).
func hgetallCalls(_ client: RedisClient) async throws -> Int {
    let info = try await client.send(RedisCommand("INFO", ["commandstats"])).string ?? ""
    let prefix = "cmdstat_hgetall:calls="
    guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(prefix) }) else { return 0 }
    return Int(line.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
}

/// Runs `body` with a connected client on the shared test Redis, then deletes every key under `keyspace`.
func withSharedRedis<T: Sendable>(
    keyspace: AccessKeyspace,
    poolSize: Int = 2,
    _ body: @Sendable (RedisClient) async throws -> T
) async throws -> T {
    try await withRedis(url: try requireSharedRedis(), keyspace: keyspace, poolSize: poolSize, body)
}

/// Runs `body` with a connected client on the Redis at `url`, then deletes every key under `keyspace`.
func withRedis<T: Sendable>(
    url: String,
    keyspace: AccessKeyspace,
    poolSize: Int = 2,
    _ body: @Sendable (RedisClient) async throws -> T
) async throws -> T {
    var configuration = try RedisConfiguration(url: url)
    configuration.poolSize = poolSize
    let client = try RedisClient(configuration: configuration, logger: testLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        try await waitUntil("the pool connects") { client.connectedCount == poolSize }
        do {
            let result = try await body(client)
            try await deleteKeys(under: keyspace, client: client)
            return result
        } catch {
            try? await deleteKeys(under: keyspace, client: client)
            throw error
        }
    }
}

/// Deletes every key whose name starts with the keyspace's prefix (SCAN + DEL; never FLUSHALL).
func deleteKeys(under keyspace: AccessKeyspace, client: RedisClient) async throws {
    var cursor = "0"
    repeat {
        let reply = try await client.send(RedisCommand("SCAN", [.string(cursor), "MATCH", .string(keyspace.prefix + "*"), "COUNT", "1000"]))
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array?.compactMap(\.string) else { return }
        if !keys.isEmpty { _ = try await client.send(.del(keys)) }
        cursor = next
    } while cursor != "0"
}

/// Keys under the prefix (to check tests leave nothing behind or to count state).
func keyCount(under keyspace: AccessKeyspace, client: RedisClient) async throws -> Int {
    let reply = try await client.send(RedisCommand("KEYS", [.string(keyspace.prefix + "*")]))
    return reply.array?.count ?? 0
}

/// Polls `condition` every 10 ms for at most `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    XCTFail("timed out waiting until \(what)")
    throw CancellationError()
}

/// A settable clock for tests (microseconds).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(microseconds: Int64 = 1_764_000_000_000_000) { self.value = microseconds }

    var microseconds: Int64 {
        get { self.lock.withLock { self.value } }
        set { self.lock.withLock { self.value = newValue } }
    }

    var milliseconds: Int64 { self.microseconds / 1000 }

    func advance(milliseconds: Int64) { self.microseconds += milliseconds * 1000 }
}

/// A record of `key` as the store keeps it (the digest of its text, never the key), for tests of matching.
func storedRecord(of key: APIKey) -> KeyRecord {
    KeyRecord(
        id: key.id,
        digest: KeyRecord.digest(of: key.text),
        name: "n",
        client: key.id,
        tier: "free",
        scopes: [.analyze],
        createdMilliseconds: 0
    )
}
