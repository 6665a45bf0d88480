import TagPulseRedis

extension RedisScript {
    /// `redis/lease-release.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let leaseRelease = RedisScript(name: "tagpulse.lease-release", source: EmbeddedFiles.leaseReleaseLua)
}
