import TagPulseRedis

extension RedisScript {
    /// `redis/warm-claim.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let warmClaim = RedisScript(name: "tagpulse.warm-claim", source: EmbeddedFiles.warmClaimLua)
}
