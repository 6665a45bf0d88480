import Foundation
import NIOCore
import TagPulseCache
import TagPulseRedis
import TagPulseWire
import XCTest

/// The built `tagpulse purge` against the shared test Redis, each test under its own key prefix (deleted
/// afterwards): the marks it writes are the ones `CacheStore.lookup` applies.
final class PurgeCommandRedisTests: XCTestCase {
    static let prompt = "What do people think about the price?"

    static func key(_ kind: AnalysisKind, _ target: String) -> CacheKey {
        CacheKey(kind: kind, params: AnalysisParams(target: target, prompt: Self.prompt), analyzer: "local-2", defaultModel: "gpt-4.1-2025-04-14")
    }

    /// Stores an answer for `key`, stored a second ago (before any purge the test then runs), fresh for 15 min.
    static func storeEntry(_ store: CacheStore, _ key: CacheKey, storedAt: Int64 = wallClock() - 1000) async throws {
        let entry = try CacheEntry(
            status: 200,
            body: ByteBuffer(string: #"{"target":"\#(key.target)"}"#),
            tags: key.tags,
            storedAt: storedAt,
            lifetimes: .defaultPositive
        )
        let stored = try await store.store(entry, for: key).get()
        XCTAssertTrue(stored)
        let found = try await store.lookup(key).get()
        XCTAssertEqual(found?.state(at: wallClock()).isFresh, true, "fresh before the purge")
    }

    func testHardPurgeByHashtagHidesItsEntriesFromLookup() async throws {
        let prefix = uniquePrefix()
        try await withSharedRedis(prefix: prefix) { client in
            let store = CacheStore(control: client, keyspace: CacheKeyspace(prefix: prefix), maximumEntryBytes: 1 << 20)
            let skincare = Self.key(.hashtag, "skincare")
            let other = Self.key(.account, "skincare")
            try await Self.storeEntry(store, skincare)
            try await Self.storeEntry(store, other)

            let before = wallClock()
            let result = try await purge(["--hashtag", "#SkinCare", "--json"], prefix: prefix)
            XCTAssertEqual(result.status, 0, result.allOutput)
            let object = try jsonObject(result.standardOutput)
            XCTAssertEqual(Set(object.keys), ["purged", "soft", "at"], "the admin API's object")
            XCTAssertEqual(object["purged"] as? String, "hashtag:skincare")
            XCTAssertEqual(object["soft"] as? Bool, false)
            let at = try XCTUnwrap(object["at"] as? String)

            let lookedUp = try await store.lookup(skincare).get()
            XCTAssertNil(lookedUp, "hard-purged: gone for every gateway")
            let untouched = try await store.lookup(other).get()
            XCTAssertNotNil(untouched, "account:skincare is another tag")

            // The mark: the purge's moment (the "at" printed), kept as long as the longest entry could live.
            let marker = prefix + "cp:t:hashtag:skincare"
            let hardField = try await client.send(RedisCommand("HGET", [.string(marker), "hard"]))
            let hard = try XCTUnwrap(hardField.string.flatMap { Int64($0) })
            XCTAssertGreaterThanOrEqual(hard, before)
            XCTAssertEqual(RFC3339.string(fromUnixMilliseconds: hard), at)
            let soft = try await client.send(RedisCommand("HGET", [.string(marker), "soft"]))
            XCTAssertNil(soft.string)
            let ttlReply = try await client.send(RedisCommand("PTTL", [.string(marker)]))
            let ttl = try XCTUnwrap(ttlReply.int)
            XCTAssertEqual(Double(ttl), Double((900 + 86_400) * 1000), accuracy: 10_000)

            // A purge is a moment, not a ban: an answer stored after it is served again.
            try await Self.storeEntry(store, skincare, storedAt: hard + 1)
        }
    }

    /// Soft, by tag, with the configuration from the environment: the entry stays, stale at once, servable within
    /// its stale windows; the mark lives fresh + the longer stale window of the configured lifetimes.
    func testSoftPurgeByTagLeavesTheEntryStale() async throws {
        let prefix = uniquePrefix()
        let url = try requireSharedRedis()
        try await withSharedRedis(prefix: prefix) { client in
            let store = CacheStore(control: client, keyspace: CacheKeyspace(prefix: prefix), maximumEntryBytes: 1 << 20)
            let key = Self.key(.search, "air fryer")
            try await Self.storeEntry(store, key)

            let environment = [
                "TAGPULSE_REDIS_URL": url, "TAGPULSE_REDIS_KEY_PREFIX": prefix, "TAGPULSE_CACHE_FRESH_S": "100",
                "TAGPULSE_CACHE_SWR_S": "200", "TAGPULSE_CACHE_SIE_S": "300",
            ]
            let result = try await Tagpulse.run(["purge", "--tag", "query:Air  Fryer", "--soft"], environment: environment)
            XCTAssertEqual(result.status, 0, result.allOutput)
            XCTAssertTrue(result.standardOutput.hasPrefix("Purged query:air fryer (soft) at 20"), result.standardOutput)
            XCTAssertTrue(result.standardOutput.contains("stale"), result.standardOutput)
            XCTAssertTrue(result.standardOutput.contains("under prefix '\(prefix)'"), result.standardOutput)

            let entry = try await store.lookup(key).get()
            let found = try XCTUnwrap(entry, "a soft purge keeps the entry")
            XCTAssertNotNil(found.staleAfter)
            let state = found.state(at: wallClock())
            guard case .staleWhileRevalidate = state else { return XCTFail("stale at once, servable while refreshed: \(state)") }

            let marker = prefix + "cp:t:query:air fryer"
            let fields = try await client.send(RedisCommand("HMGET", [.string(marker), "soft", "hard"])).array?.map(\.string)
            XCTAssertNotNil(fields?[0] ?? nil)
            XCTAssertNil(fields?[1] ?? nil)
            let ttlReply = try await client.send(RedisCommand("PTTL", [.string(marker)]))
            let ttl = try XCTUnwrap(ttlReply.int)
            XCTAssertEqual(Double(ttl), 400_000, accuracy: 10_000)
        }
    }

    /// By key, with entries on a separate cache Redis (database 1 of the shared server): soft leaves the entry there
    /// (stale); hard deletes it there and marks the key on the control Redis.
    func testPurgeByKeyWithASeparateCacheRedis() async throws {
        let prefix = uniquePrefix()
        let url = try requireSharedRedis()
        let cacheURL = try XCTUnwrap(Self.url(url, database: 1), "the shared Redis URL is not redis://host:port[/db]")
        try await withSharedRedis(prefix: prefix) { control in
            try await withRedis(url: cacheURL, prefix: prefix) { cache in
                let store = CacheStore(control: control, cache: cache, keyspace: CacheKeyspace(prefix: prefix), maximumEntryBytes: 1 << 20)
                let key = Self.key(.hashtag, "booktok")
                try await Self.storeEntry(store, key)
                let entryName = key.redisKey(prefix: prefix)
                let environment = ["TAGPULSE_REDIS_URL": url, "TAGPULSE_REDIS_KEY_PREFIX": prefix, "TAGPULSE_CACHE_REDIS_URL": cacheURL]

                let soft = try await Tagpulse.run(["purge", "--key", key.hex.uppercased(), "--soft", "--json"], environment: environment)
                XCTAssertEqual(soft.status, 0, soft.allOutput)
                XCTAssertEqual(try jsonObject(soft.standardOutput)["purged"] as? String, "key:" + key.hex)
                let kept = try await cache.send(RedisCommand("EXISTS", [.string(entryName)]))
                XCTAssertEqual(kept.int, 1, "soft: the entry stays")
                let stale = try await store.lookup(key).get()
                XCTAssertEqual(stale?.state(at: wallClock()).isFresh, false)
                XCTAssertNotNil(stale)

                let hard = try await Tagpulse.run(["purge", "--key", key.hex], environment: environment)
                XCTAssertEqual(hard.status, 0, hard.allOutput)
                XCTAssertTrue(hard.standardOutput.hasPrefix("Purged key:\(key.hex) (hard) at "), hard.standardOutput)
                let deleted = try await cache.send(RedisCommand("EXISTS", [.string(entryName)]))
                XCTAssertEqual(deleted.int, 0, "hard by key: deleted on the cache Redis")
                let marked = try await control.send(RedisCommand("EXISTS", [.string(prefix + "cp:k:" + key.hex)]))
                XCTAssertEqual(marked.int, 1, "marked on the control Redis")
                let gone = try await store.lookup(key).get()
                XCTAssertNil(gone)
                // Nothing but marks on the control Redis.
                let names = try await control.send(RedisCommand("KEYS", [.string(prefix + "*")])).array?.compactMap(\.string) ?? []
                XCTAssertEqual(names, [prefix + "cp:k:" + key.hex])
            }
        }
    }

    /// The cache Redis is needed only to delete an entry: down, a hard purge by key stops before writing any mark
    /// (status 3), while a purge by tag goes ahead.
    func testAnUnreachableCacheRedisStopsOnlyAHardPurgeByKey() async throws {
        let prefix = uniquePrefix()
        let url = try requireSharedRedis()
        let nowhere = "redis://:hunter2@127.0.0.1:\(try Tagpulse.closedPort())/0"
        try await withSharedRedis(prefix: prefix) { client in
            let environment = ["TAGPULSE_REDIS_URL": url, "TAGPULSE_REDIS_KEY_PREFIX": prefix, "TAGPULSE_CACHE_REDIS_URL": nowhere]
            let byKey = try await Tagpulse.run(["purge", "--key", String(repeating: "e", count: 64)], environment: environment)
            XCTAssertEqual(byKey.status, 3, byKey.allOutput)
            XCTAssertTrue(byKey.standardError.contains("cannot reach redis at 127.0.0.1:"), byKey.standardError)
            XCTAssertFalse(byKey.allOutput.contains("hunter2"))
            let before = try await keyCount(prefix: prefix, client: client)
            XCTAssertEqual(before, 0, "no mark without the delete")

            let byTag = try await Tagpulse.run(["purge", "--hashtag", "booktok"], environment: environment)
            XCTAssertEqual(byTag.status, 0, byTag.allOutput)
            let after = try await keyCount(prefix: prefix, client: client)
            XCTAssertEqual(after, 1, "the tag's mark")
        }
    }

    /// `redis://[credentials@]host[:port][/db]` with another database, or nil for other forms (unix sockets).
    static func url(_ url: String, database: Int) -> String? {
        guard url.hasPrefix("redis://") else { return nil }
        let rest = url.dropFirst("redis://".count)
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard !authority.isEmpty, !authority.contains("?") else { return nil }
        return "redis://\(authority)/\(database)"
    }
}

/// `tagpulse purge <arguments> --redis-url <shared> --key-prefix <prefix>`.
private func purge(_ arguments: [String], prefix: String) async throws -> CommandResult {
    try await Tagpulse.run(["purge"] + arguments + ["--redis-url", try requireSharedRedis(), "--key-prefix", prefix])
}

/// Unix time in milliseconds: the clock the CLI marks purges with.
func wallClock() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
}
