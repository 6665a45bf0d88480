extension RedisCommand {
    /// The slot a cluster routes this command by: its first key's (for `EVAL`/`EVALSHA`/`FCALL`, the first of the
    /// keys after `numkeys`; for every other command but the key-less ones below, the first argument). Nil for a
    /// command without keys (`PING`, `PUBLISH`, `SCRIPT`, `INFO`…), which any node answers.
    public var clusterSlot: RedisClusterSlot? {
        switch self.name {
        case "EVALSHA", "EVAL", "EVALSHA_RO", "EVAL_RO", "FCALL", "FCALL_RO":
            guard self.arguments.count > 2, let keys = self.arguments[1].integerValue, keys > 0 else { return nil }
            return self.arguments[2].clusterSlot
        case "PING", "TIME", "INFO", "PUBLISH", "SPUBLISH", "SCRIPT", "CLUSTER", "SCAN", "DBSIZE", "KEYS", "CLIENT", "CONFIG", "ROLE",
            "ASKING", "READONLY", "READWRITE", "AUTH", "SELECT", "HELLO", "ECHO", "COMMAND", "FLUSHDB", "FLUSHALL", "WAIT", "DEBUG",
            "SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "MEMORY", "LASTSAVE", "SHUTDOWN", "FUNCTION":
            return nil
        default:
            return self.arguments.first?.clusterSlot
        }
    }

    /// `ASKING`: the next command may use a slot being imported (after an `ASK` redirection).
    static let asking = RedisCommand("ASKING")
}

extension RedisCommand.Argument {
    /// The argument as an integer (`numkeys`), however it was given.
    var integerValue: Int? {
        switch self.storage {
        case .integer(let value): value
        case .string(let text): Int(text)
        case .bytes(let buffer): Int(String(buffer: buffer))
        }
    }

    /// The slot of this argument read as a key.
    var clusterSlot: RedisClusterSlot {
        switch self.storage {
        case .string(let text): RedisClusterSlot(key: text)
        case .bytes(let buffer): RedisClusterSlot(keyBytes: buffer.readableBytesView)
        case .integer(let value): RedisClusterSlot(key: String(value))
        }
    }
}
