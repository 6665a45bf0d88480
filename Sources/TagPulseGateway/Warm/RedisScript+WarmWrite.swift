import TagPulseRedis

extension RedisScript {
    /// `redis/warm-write.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let warmWrite = RedisScript(name: "tagpulse.warm-write", source: EmbeddedFiles.warmWriteLua)
}
