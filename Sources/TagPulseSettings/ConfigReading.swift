/// One key as a process read it: its effective value and where that value came from (`--print-config`).
public struct ConfigReading: Sendable, Equatable {
    /// Where an effective value came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// Nothing set it: the value is the default the configuration code passed to its getter.
        case defaultValue
        /// The config file (its path).
        case file(String)
        /// An environment variable (its name: the primary `TAGPULSE_…` one or an alias).
        case environment(String)

        public var description: String {
            switch self {
            case .defaultValue: "default"
            case .file(let path): "file \(path)"
            case .environment(let name): "environment \(name)"
            }
        }
    }

    public var key: ConfigKey
    /// nil: unset, and the key has no default (an optional setting).
    public var value: String?
    public var source: Source

    public init(key: ConfigKey, value: String?, source: Source) {
        self.key = key
        self.value = value
        self.source = source
    }

    /// The value as it may be shown: a secret set by the operator is masked (a URL keeps its scheme and host and
    /// loses its password); defaults are never secret.
    public var displayValue: String {
        guard let value = self.value else { return "(unset)" }
        guard self.key.isSecret, self.source != .defaultValue, !value.isEmpty else { return value }
        return Self.masked(value)
    }

    /// `redis://user:pw@host:6379/0` → `redis://user:****@host:6379/0`; anything else → `****`.
    static func masked(_ value: String) -> String {
        guard let schemeEnd = value.range(of: "://") else { return "****" }
        let rest = value[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else {
            // No credentials in the authority; a query may still hold one.
            return rest[authorityEnd...].contains("=") ? String(value[..<authorityEnd]) + "?****" : value
        }
        let userInfo = authority[..<at]
        let user = userInfo.firstIndex(of: ":").map { String(userInfo[..<$0]) + ":" } ?? ""
        return String(value[..<schemeEnd.upperBound]) + user + "****" + String(authority[at...]) + String(rest[authorityEnd...])
    }
}
