import TagPulseRedis

extension RedisScript {
    /// `redis/lease-reacquire.lua`, compiled in by the EmbedPlugin (this target's `embed.list`).
    static let leaseReacquire = RedisScript(name: "tagpulse.lease-reacquire", source: EmbeddedFiles.leaseReacquireLua)
}
