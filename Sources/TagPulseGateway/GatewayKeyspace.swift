import TagPulseAccess
import TagPulseCache

/// Every Redis key and channel the gateway uses, under one prefix (`redis.key_prefix`, default `tp:`): the one map.
/// The access layer's names are ``RedisKeyspace`` and the cache's ``CacheKeyspace`` (their modules use them); the
/// gateway's own are here. docs/design-notes.md ("Redis keys") lists them all with their Cluster hash tags.
///
/// On Redis Cluster, keys one script or multi-key command touches share a `{hash tag}`; every script here takes one
/// key, or keys of one subject (`tp:rl:{client:acme}:…`); a decision over two subjects is two scripts
/// (`RateLimiter+Cluster.swift`).
public struct GatewayKeyspace: Sendable, Hashable {
    public var prefix: String

    public init(prefix: String = "tp:") {
        self.prefix = prefix
    }

    /// API keys, their index and events, rate-limit windows, the instance registry.
    public var access: RedisKeyspace { RedisKeyspace(prefix: self.prefix) }

    /// Cache entries, fill leases, purge marks, fill notices.
    public var cache: CacheKeyspace { CacheKeyspace(prefix: self.prefix) }

    /// `tp:engine:identity`: the engine's provider, analyzer and default model, shared by the fleet (a hash).
    public var engineIdentity: String { self.prefix + "engine:identity" }

    /// `tp:warm:<job>`: one warm-up job's state (a hash, `redis/warm-write.lua`).
    public func warmJob(_ id: String) -> String { self.prefix + "warm:" + id }
}
