import Logging
import TagPulseSettings

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a process logs: `log.level` (`TAGPULSE_LOG_LEVEL`, or the original's `LOG_LEVEL`) and `log.format` (`TAGPULSE_LOG_FORMAT`).
public struct LogSettings: Sendable, Equatable {
    public enum Format: String, Sendable {
        /// One JSON object per line (the default when standard error is not a terminal).
        case json
        /// Human-readable lines with every control character escaped (the default on a terminal).
        case text
    }

    public static let levelKey = ConfigKey("log.level", aliases: ["LOG_LEVEL"])
    public static let formatKey = ConfigKey("log.format")

    public var level: Logger.Level
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .json) {
        self.level = level
        self.format = format
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        let levels = Logger.Level.allCases.map(\.rawValue)
        let level = try source.choice(Self.levelKey, default: "info", choices: levels + ["warn"])
        self.level = level == "warn" ? .warning : Logger.Level(rawValue: level) ?? .info
        let onTerminal = isatty(2) == 1
        let format = try source.choice(Self.formatKey, default: onTerminal ? "text" : "json", choices: ["json", "text"])
        self.format = Format(rawValue: format) ?? .json
    }

    /// Bootstraps swift-log. Call once, from `main` only.
    public func bootstrap() {
        LoggingSystem.bootstrap { label in self.makeHandler(label: label) }
    }

    /// The handler each logger gets: JSON lines or escaped text lines, both written to `fileDescriptor`.
    public func makeHandler(label: String, fileDescriptor: Int32 = 2) -> any LogHandler {
        switch self.format {
        case .json: JSONLogHandler(label: label, level: self.level, fileDescriptor: fileDescriptor)
        case .text: TextLogHandler(label: label, level: self.level, fileDescriptor: fileDescriptor)
        }
    }
}
