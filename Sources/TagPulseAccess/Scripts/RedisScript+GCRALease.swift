import TagPulseRedis

extension RedisScript {
    /// `redis/gcra-lease.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let gcraLease = RedisScript(name: "tagpulse.gcra-lease", source: EmbeddedFiles.gcraLeaseLua)
}
