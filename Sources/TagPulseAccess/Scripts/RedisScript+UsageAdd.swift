import TagPulseRedis

extension RedisScript {
    /// `redis/usage-add.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let usageAdd = RedisScript(name: "tagpulse.usage-add", source: EmbeddedFiles.usageAddLua)
}
