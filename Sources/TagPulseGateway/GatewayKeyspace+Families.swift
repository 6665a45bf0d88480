import TagPulseAccess
import TagPulseCache

extension GatewayKeyspace {
    /// One family of Redis names: its pattern (under the default prefix `tp:`) and an example of the keys one script
    /// or command uses together, built through the keyspace. On Redis Cluster those keys must share a slot.
    public struct Family: Sendable {
        /// The pattern as docs/design-notes.md writes it, e.g. `tp:rl:{<subject>}:<policy>`.
        public var pattern: String
        /// What uses the keys of `together` in one call (a script, a multi-key command), or `alone`.
        public var usedBy: String
        /// Keys of this family (first) and what one call uses with it; one key when the family is used alone.
        public var together: @Sendable (GatewayKeyspace) -> [String]
        /// A pub/sub channel rather than a key (`PUBLISH` is broadcast to every node).
        public var isChannel: Bool

        init(_ pattern: String, _ usedBy: String = "alone", channel: Bool = false, _ together: @escaping @Sendable (GatewayKeyspace) -> [String]) {
            self.pattern = pattern
            self.usedBy = usedBy
            self.together = together
            self.isChannel = channel
        }
    }

    /// Every key and channel family, in the order of docs/design-notes.md's table.
    public static let families: [Family] = {
        let hex = String(repeating: "9f", count: 32)
        let day = UsageDay(number: 20_000)
        let minute = RatePolicy(group: "requests", limit: 60, periodMilliseconds: 60_000)
        let daily = RatePolicy(group: "requests", limit: 5000, periodMilliseconds: 86_400_000)
        let analyses = RatePolicy(group: "analyses", limit: 10, periodMilliseconds: 60_000)
        return [
            Family("tp:key:<id>") { [$0.access.key(id: "k1")] },
            Family("tp:keys") { [$0.access.keyIndex] },
            Family("tp:events:keys", "PUBLISH", channel: true) { [$0.access.keyEventsChannel] },
            Family("tp:rl:{<subject>}:<policy>", "gcra.lua, gcra-lease.lua, gcra-many.lua: one subject's windows") { keyspace in
                [minute, daily, analyses].map { keyspace.access.rateLimit(subject: .client("acme"), policy: $0) }
            },
            Family("tp:gw:instances") { [$0.access.instances] },
            Family("tp:usage:{<client>}:<YYYYMMDD>", "usage-add.lua") { [$0.access.usage(client: "acme", day: day)] },
            Family("tp:usage:clients:<YYYYMMDD>") { [$0.access.usageClients(day: day)] },
            Family("tp:c:{<hash>}") { [$0.cache.entry(hex: hex)] },
            Family("tp:cl:{<hash>}", "lease-release.lua, lease-reacquire.lua; in its entry's slot") {
                [$0.cache.lease(hex: hex), $0.cache.entry(hex: hex)]
            },
            Family("tp:cp:k:<hash>") { [$0.cache.keyMarker(hex: hex)] },
            Family("tp:cp:t:<tag>") { [$0.cache.tagMarker("hashtag:skincare")] },
            Family("tp:events:cache", "PUBLISH", channel: true) { [$0.cache.noticesChannel] },
            Family("tp:engine:identity") { [$0.engineIdentity] },
            Family("tp:warm:<job>", "warm-write.lua, warm-claim.lua") { [$0.warmJob("j1")] },
            Family("tp:warm:jobs") { [$0.warmJobIndex] },
        ]
    }()
}
