import TagPulseRedis

extension RedisScript {
    /// `redis/gcra.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let gcra = RedisScript(name: "tagpulse.gcra", source: EmbeddedFiles.gcraLua)
}
