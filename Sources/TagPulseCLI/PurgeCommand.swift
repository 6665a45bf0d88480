import ArgumentParser
import Foundation
import TagPulseCache
import TagPulseSettings
import TagPulseWire

/// `tagpulse purge`: purges cached analyses straight in Redis, with the admin API's selectors and marks
/// (`POST /v1/admin/cache/purge`), so an operator can purge without an admin key or a running gateway.
public struct PurgeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Purge cached analyses by hashtag, account, query, tag or cache key, hard or soft (no gateway needed).",
        usage: """
            tagpulse purge (--hashtag <hashtag> | --account <account> | --query <query> | --tag <tag> | --key <hex>)
                           [--soft] [--json] [--redis-url <url>] [--key-prefix <prefix>]
            """,
        discussion: """
            Writes the purge marks of POST /v1/admin/cache/purge in the control Redis: every gateway applies them on its \
            next lookup. Hard (the default): entries stored until now are gone; by --key the entry is deleted too. Soft \
            (--soft): they are stale at once, still served within their stale-while-revalidate and stale-if-error \
            windows while a refresh replaces them.

            Reads the gateway's configuration: redis.url, redis.key_prefix, cache.redis_url, cache.fresh_s, cache.swr_s, \
            cache.sie_s and cache.negative_s (how long the marks must live), from TAGPULSE_* environment variables over \
            the TAGPULSE_CONFIG file; --redis-url and --key-prefix win. With redis.sentinels set, \
            the control Redis is the master the sentinels name; with redis.cluster_nodes (and cache.cluster_nodes), \
            that Redis Cluster (unless --redis-url is given).

            Exit status: 0 purged; 2 not exactly one selector, an invalid one, or a bad option or configuration value \
            (nothing was sent to Redis); 3 Redis could not be reached or failed.
            """
    )

    @Option(help: "Every analysis of a hashtag, with or without its # (any case).")
    var hashtag: String?

    @Option(help: "Every analysis of an account, with or without its @ (any case).")
    var account: String?

    @Option(help: "Every analysis of a search query (any case; runs of spaces count as one).")
    var query: String?

    @Option(help: ArgumentHelp("A cache tag: hashtag:<tag>, account:<username> or query:<text>.", valueName: "tag"))
    var tag: String?

    @Option(help: ArgumentHelp("One entry: its cache key, 64 hex digits (the <hex> of its Redis name <prefix>c:{<hex>}).", valueName: "hex"))
    var key: String?

    @Flag(help: "Mark stale instead of removing: still served within the stale windows while a refresh replaces it.")
    var soft = false

    @Flag(help: "Print the admin API's JSON object ({\"purged\", \"soft\", \"at\"}) instead of text.")
    var json = false

    @Option(
        name: .customLong("redis-url"),
        help: ArgumentHelp(
            "The control Redis (purge marks): redis://[user[:password]@]host[:port][/db] or unix:///path[?db=N] (default: redis.url).",
            valueName: "url"
        )
    )
    var redisURL: String?

    @Option(help: ArgumentHelp("Prefix of every Redis key (default: redis.key_prefix, else tp:).", valueName: "prefix"))
    var keyPrefix: String?

    public init() {}

    /// What was purged, as the admin API answers (`at`: RFC 3339 with milliseconds, the mark's time).
    struct PurgeResult: Encodable, Equatable {
        var purged: String
        var soft: Bool
        var at: String
    }

    public func run() async throws {
        try await CommandFailure.reporting(command: "tagpulse purge") {
            let target = try self.target()
            let settings = try self.settings()
            let soft = self.soft
            let now = try await RedisSession.run(settings.servers(for: target, soft: soft)) { clients in
                // Timed once connected, so the mark covers every entry stored while the command was connecting.
                let now = KeyStoreSession.nowMilliseconds()
                let store = CacheStore(
                    control: clients[0],
                    cache: clients.count > 1 ? clients[1] : nil,
                    keyspace: settings.keyspace,
                    maximumEntryBytes: 0
                )
                try await store.purge(target, soft: soft, now: now, markLifetimeMilliseconds: settings.markLifetimeMilliseconds).get()
                return now
            }
            print(self.json ? KeyOutput.json(Self.result(target, soft: soft, now: now)) : Self.text(target, soft: soft, now: now, settings: settings))
        }
    }

    /// The one selector, checked with the admin API's rules (``CachePurgeTarget``) before anything is sent to Redis.
    func target() throws(CommandFailure) -> CachePurgeTarget {
        do throws(CachePurgeTargetError) {
            return try CachePurgeTarget(key: self.key, hashtag: self.hashtag, account: self.account, query: self.query, tag: self.tag)
        } catch {
            throw .usage(self.message(error))
        }
    }

    /// The configuration (environment and `TAGPULSE_CONFIG`) with the options over it.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> PurgeSettings {
        let source: ConfigSource
        do {
            source = try ConfigSource.load(environment: environment)
        } catch {
            throw .usage(error.description)
        }
        return try PurgeSettings(source: source, redisURL: self.redisURL, keyPrefix: self.keyPrefix)
    }

    /// A refusal in the command line's words: options, not JSON fields; the value shown (cut, printable).
    func message(_ error: CachePurgeTargetError) -> String {
        let options = Self.optionOrder.map { "--" + $0 }
        switch error {
        case .notExactlyOneSelector(let given) where given.isEmpty:
            return "give one of " + options.joined(separator: ", ")
        case .notExactlyOneSelector(let given):
            let named = Self.optionOrder.filter { given.contains($0) }.map { "--" + $0 }
            return "give only one of " + options.joined(separator: ", ") + " (got " + named.joined(separator: " and ") + ")"
        case .invalidValue(let field, let message, let reason):
            let value =
                [("key", self.key), ("hashtag", self.hashtag), ("account", self.account), ("query", self.query), ("tag", self.tag)]
                .first { $0.0 == field }?.1 ?? ""
            return "--\(field): '\(KeyTable.cell(value, limit: 70))' \(message)" + (reason.map { "; \($0)" } ?? "")
        }
    }

    /// The selectors as the synopsis lists them.
    static let optionOrder = ["hashtag", "account", "query", "tag", "key"]

    static func result(_ target: CachePurgeTarget, soft: Bool, now: Int64) -> PurgeResult {
        PurgeResult(purged: target.description, soft: soft, at: RFC3339.string(fromUnixMilliseconds: now))
    }

    /// For people: what, how, when, and what the gateways do about it.
    static func text(_ target: CachePurgeTarget, soft: Bool, now: Int64, settings: PurgeSettings) -> String {
        let what = KeyTable.printable(target.description)
        let effect =
            soft
            ? "Entries stored until then are stale: gateways still serve them within their stale windows while a refresh replaces each."
            : target.keyHex != nil
                ? "The entry is deleted, and a copy stored until then is ignored: the next request asks the engine again."
                : "Entries stored until then are gone: every gateway misses on its next lookup and asks the engine again."
        let lifetime = Self.duration(seconds: settings.markLifetimeMilliseconds / 1000)
        return """
            Purged \(what) (\(soft ? "soft" : "hard")) at \(RFC3339.string(fromUnixMilliseconds: now)).
            \(effect)
            The mark stays \(lifetime) in redis at \(settings.controlAddress) under prefix '\(settings.keyspace.prefix)'.
            """
    }

    /// `1d15m`, `2h`, `45s`, `0s`: whole units, largest first.
    static func duration(seconds: Int64) -> String {
        var rest = max(seconds, 0)
        var text = ""
        for unit in KeyDuration.units.reversed() where rest >= Int64(unit.seconds) {
            text += "\(rest / Int64(unit.seconds))\(unit.suffix)"
            rest %= Int64(unit.seconds)
        }
        return text.isEmpty ? "0s" : text
    }
}
