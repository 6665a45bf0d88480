import Foundation

/// One configuration setting: its dotted name in the config file and the environment variables that set it.
///
/// Every key has an environment form by one rule: `TAGPULSE_` + the dotted name upper-cased with `.` → `_`
/// (`engine.pool_size` ↔ `TAGPULSE_ENGINE_POOL_SIZE`). Some keys also accept older names (`SERVICE_API_KEY`),
/// listed in `aliases`, read after the primary name.
public struct ConfigKey: Sendable, Hashable, CustomStringConvertible {
    /// The dotted name used in config files (`http.port`).
    public var name: String
    /// Further environment variables accepted for this key, in order of precedence after the primary one.
    public var aliases: [String]
    /// A secret's value is never echoed in an error.
    public var isSecret: Bool

    public init(_ name: String, aliases: [String] = [], secret: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.isSecret = secret
    }

    /// `TAGPULSE_HTTP_PORT` for `http.port`.
    public var environmentName: String {
        "TAGPULSE_" + self.name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The primary environment name then the aliases.
    public var environmentNames: [String] { [self.environmentName] + self.aliases }

    public var description: String { self.name }
}
