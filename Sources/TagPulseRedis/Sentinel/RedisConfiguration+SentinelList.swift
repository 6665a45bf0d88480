extension RedisConfiguration.Sentinel: CustomStringConvertible {
    /// A sentinel list or master name that cannot be used; `message` names the bad entry, never a password.
    public struct SettingError: Error, Sendable, Equatable {
        public let message: String
    }

    /// Reads a comma-separated list of sentinels, each `host:port` (IPv6 in brackets, `[::1]:26379`), as the gateway's
    /// `redis.sentinels` and the command line take it; spaces around entries and empty entries are ignored.
    public static func addresses(fromList list: String) throws(SettingError) -> [RedisServerAddress] {
        var addresses: [RedisServerAddress] = []
        for item in list.split(separator: ",").map({ Self.trimmingSpaces($0) }) where !item.isEmpty {
            // Credentials have their own setting; an entry that holds some is not quoted back.
            if item.contains("@") {
                throw SettingError(message: "an entry is host:port, without credentials (the sentinels' password has its own setting)")
            }
            // Each entry is `host:port`: read with the URL parser, which knows that form.
            guard !item.contains("/"), let parsed = try? RedisConfiguration(url: "redis://" + item) else {
                throw SettingError(message: "'\(item)' is not host:port")
            }
            addresses.append(parsed.address)
        }
        guard !addresses.isEmpty else { throw SettingError(message: "must name at least one sentinel as host:port") }
        return addresses
    }

    /// Checks a monitored master's name (`sentinel monitor <name> …`): not empty, printable ASCII without spaces.
    public static func validatedMasterName(_ name: String) throws(SettingError) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw SettingError(message: "must be the monitored master's name")
        }
        return name
    }

    /// `master <name> via sentinels host:port,…`: where a client configured with sentinels connects, safe to print.
    public var description: String {
        "master \(masterName) via sentinels " + addresses.map(\.description).joined(separator: ",")
    }

    private static func trimmingSpaces(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension RedisConfiguration {
    /// Where the client connects, safe to print: `host:port` (or the Unix socket), the sentinels and the master's
    /// name when ``sentinel`` is set, or the cluster's seed nodes. Never the password.
    public var endpointDescription: String { cluster?.description ?? sentinel?.description ?? address.description }
}
