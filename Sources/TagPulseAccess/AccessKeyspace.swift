/// The names of every Redis key and channel the access layer uses (API keys, rate-limit windows, the instance
/// registry, usage counts), under one prefix (default `tp:`). Part of the one key map, `GatewayKeyspace`; no key
/// name of the access layer is written anywhere else.
///
/// Tests give each case its own prefix so they share one Redis without seeing each other's data. Keys one script
/// touches together share a `{hash tag}` so they live in one Cluster slot.
public struct AccessKeyspace: Sendable, Hashable {
    public var prefix: String

    public init(prefix: String = "tp:") {
        self.prefix = prefix
    }

    /// `tp:key:<id>`: one API key's record (a hash).
    public func key(id: String) -> String { self.prefix + "key:" + id }

    /// `tp:keys`: the ids of every key ever created (a set), for listing.
    public var keyIndex: String { self.prefix + "keys" }

    /// `tp:events:keys`: key created / changed / revoked notices, `<event> <generation> <id>`.
    public var keyEventsChannel: String { self.prefix + "events:keys" }

    /// `tp:rl:{<subject>}:<policy>`: one policy window's theoretical arrival time.
    public func rateLimit(subject: RateSubject, policy: RatePolicy) -> String {
        self.prefix + "rl:{" + subject.rawValue + "}:" + policy.keySuffix
    }

    /// `tp:gw:instances`: live gateway instances (a sorted set scored by last heartbeat, ms).
    public var instances: String { self.prefix + "gw:instances" }

    /// `tp:usage:{<client>}:<YYYYMMDD>`: one client's counts of one day (a hash, `redis/usage-add.lua`).
    public func usage(client: String, day: UsageDay) -> String { self.prefix + "usage:{" + client + "}:" + day.compact }

    /// `tp:usage:clients:<YYYYMMDD>`: the clients with counts that day (a set).
    public func usageClients(day: UsageDay) -> String { self.prefix + "usage:clients:" + day.compact }
}
