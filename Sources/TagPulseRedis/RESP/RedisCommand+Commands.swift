import NIOCore

/// The commands the gateway uses. Anything else: `RedisCommand("NAME", args…)`.
extension RedisCommand {
    /// How `SET` treats an existing key.
    public struct SetCondition: Sendable, Hashable {
        let token: String?
        /// Set whether or not the key exists.
        public static let always = SetCondition(token: nil)
        /// `NX`: only if the key does not exist (locks, leases).
        public static let ifNotExists = SetCondition(token: "NX")
        /// `XX`: only if the key exists.
        public static let ifExists = SetCondition(token: "XX")
    }

    /// `GET key`.
    public static func get(_ key: String) -> RedisCommand { RedisCommand("GET", [.string(key)]) }

    /// `SET key value [PX milliseconds] [NX|XX]`.
    public static func set(
        _ key: String,
        _ value: Argument,
        expireMilliseconds: Int? = nil,
        condition: SetCondition = .always
    ) -> RedisCommand {
        var arguments: [Argument] = [.string(key), value]
        if let expireMilliseconds { arguments += ["PX", .int(expireMilliseconds)] }
        if let token = condition.token { arguments.append(.string(token)) }
        return RedisCommand("SET", arguments)
    }

    /// `DEL key [key …]`.
    public static func del(_ keys: [String]) -> RedisCommand { RedisCommand("DEL", keys.map { .string($0) }) }

    /// `EXPIRE key seconds`.
    public static func expire(_ key: String, seconds: Int) -> RedisCommand { RedisCommand("EXPIRE", [.string(key), .int(seconds)]) }

    /// `PEXPIRE key milliseconds`.
    public static func pexpire(_ key: String, milliseconds: Int) -> RedisCommand {
        RedisCommand("PEXPIRE", [.string(key), .int(milliseconds)])
    }

    /// `PTTL key`: milliseconds left, -1 without expiry, -2 when missing.
    public static func pttl(_ key: String) -> RedisCommand { RedisCommand("PTTL", [.string(key)]) }

    /// `INCRBY key increment`.
    public static func incrby(_ key: String, _ increment: Int) -> RedisCommand { RedisCommand("INCRBY", [.string(key), .int(increment)]) }

    /// `EVALSHA sha numkeys key… arg…`.
    public static func evalsha(_ sha: String, keys: [String], arguments: [Argument]) -> RedisCommand {
        RedisCommand("EVALSHA", [.string(sha), .int(keys.count)] + keys.map { .string($0) } + arguments)
    }

    /// `SCRIPT LOAD source`: replies with the script's SHA-1.
    public static func scriptLoad(_ source: String) -> RedisCommand { RedisCommand("SCRIPT", ["LOAD", .string(source)]) }

    /// `PUBLISH channel message`: replies with the number of subscribers that received it.
    public static func publish(_ channel: String, _ message: Argument) -> RedisCommand {
        RedisCommand("PUBLISH", [.string(channel), message])
    }

    /// `PING`.
    public static let ping = RedisCommand("PING")

    /// `TIME`: `[seconds, microseconds]` as bulk strings, the server's clock.
    public static let time = RedisCommand("TIME")

    /// `MGET key [key …]`.
    public static func mget(_ keys: [String]) -> RedisCommand { RedisCommand("MGET", keys.map { .string($0) }) }

    /// `HGETALL key`.
    public static func hgetall(_ key: String) -> RedisCommand { RedisCommand("HGETALL", [.string(key)]) }

    /// `HSET key field value [field value …]`.
    public static func hset(_ key: String, _ fields: [(field: String, value: Argument)]) -> RedisCommand {
        RedisCommand("HSET", [.string(key)] + fields.flatMap { [Argument.string($0.field), $0.value] })
    }
}
