import TagPulseRedis

/// A read that rides along with a rate-limit decision in the same script call (one round trip, one command): the
/// gateway's cache hit reads its entry's head and purge marks this way. The keys must live on the control Redis,
/// beside the rate-limit state.
public enum RedisPeek: Sendable, Hashable {
    /// The first `bytes` bytes of a string (`GETRANGE key 0 bytes-1`); an empty string when the key is missing.
    case prefix(key: String, bytes: Int)
    /// Some fields of a hash (`HMGET key fields…`).
    case hashFields(key: String, fields: [String])

    public var key: String {
        switch self {
        case .prefix(let key, _), .hashFields(let key, _): key
        }
    }

    /// The script's argument for it (`redis/gcra.lua`: `r:<n>` or `h:<field>,<field>`).
    var scriptArgument: String {
        switch self {
        case .prefix(_, let bytes): "r:\(bytes)"
        case .hashFields(_, let fields): "h:" + fields.joined(separator: ",")
        }
    }

    /// The same read as a command of its own (no decision to ride along with).
    public var command: RedisCommand {
        switch self {
        case .prefix(let key, let bytes): RedisCommand("GETRANGE", [.string(key), "0", .string(String(bytes - 1))])
        case .hashFields(let key, let fields): RedisCommand("HMGET", [.string(key)] + fields.map { .string($0) })
        }
    }
}
