import TagPulseRedis

extension RedisScript {
    /// `redis/gcra-many.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let gcraMany = RedisScript(name: "tagpulse.gcra-many", source: EmbeddedFiles.gcraManyLua)
}
