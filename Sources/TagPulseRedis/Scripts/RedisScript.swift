/// A Lua script called by name: loaded with `SCRIPT LOAD`, run with `EVALSHA`. Names must be unique per client (the
/// SHA is cached by name).
public struct RedisScript: Sendable, Hashable {
    /// Used for the SHA cache and logged as `redis.script`.
    public var name: String
    /// The Lua source.
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}
