import Logging
import TagPulseSettings

/// The start-up warnings about configuration that does not stop a process: config-file keys nothing read, the
/// original service's variables TagPulse does not read (with what replaces each), and `TAGPULSE_…` variables no
/// TagPulse process reads (with the closest known name).
public enum ConfigWarnings {
    /// Logs them; call once, after the whole configuration has been read and logging bootstrapped.
    public static func log(_ source: ConfigSource, to logger: Logger) {
        let unread = source.unreadFileKeys()
        if !unread.isEmpty {
            logger.notice(
                "config.file.unread_keys",
                metadata: ["config.keys": "\(unread.joined(separator: ","))", "hint": "a typo, or a key for the other process"]
            )
        }
        for variable in EnvironmentAudit.ignoredLegacyVariables(in: source.environment) {
            logger.warning(
                "config.env.legacy_not_read",
                metadata: ["config.variable": "\(variable.name)", "config.instead": "\(variable.instead)"]
            )
        }
        for variable in EnvironmentAudit.unknownVariables(in: source.environment) {
            var metadata: Logger.Metadata = ["config.variable": "\(variable.name)"]
            if let closest = variable.closest { metadata["config.closest"] = "\(closest)" }
            logger.warning("config.env.unknown", metadata: metadata)
        }
    }
}
