import TagPulseAccess
import TagPulseCache

/// Every Redis key and channel TagPulse uses, under one prefix (`redis.key_prefix`, default `tp:`): the one map.
/// The access layer's names are ``AccessKeyspace`` and the cache's ``CacheKeyspace`` (their modules, and the CLI,
/// use them directly); the gateway's own are here. No key name is written anywhere else.
/// ``families`` lists every family with the keys used together, and docs/design-notes.md ("Redis keys") the same
/// list with its Cluster hash tags (`GatewayKeyspaceTests` checks both).
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
    public var access: AccessKeyspace { AccessKeyspace(prefix: self.prefix) }

    /// Cache entries, fill leases, purge marks, fill notices.
    public var cache: CacheKeyspace { CacheKeyspace(prefix: self.prefix) }

    /// `tp:engine:identity`: the engine's provider, analyzer and default model, shared by the fleet (a hash).
    public var engineIdentity: String { self.prefix + "engine:identity" }

    /// `tp:warm:<job>`: one warm-up job's state (a hash, `redis/warm-write.lua`).
    public func warmJob(_ id: String) -> String { self.prefix + "warm:" + id }

    /// `tp:warm:jobs`: the ids of warm-up jobs not known finished (a set).
    public var warmJobIndex: String { self.prefix + "warm:jobs" }
}
