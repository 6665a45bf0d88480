import TagPulseSettings

/// Where a process serves its Prometheus metrics: `metrics.enabled` (`TAGPULSE_METRICS_ENABLED`, default true),
/// `metrics.host` (`TAGPULSE_METRICS_HOST`, default `127.0.0.1`: the admin listener is not public) and `metrics.port`
/// (`TAGPULSE_METRICS_PORT`, default 9464).
public struct MetricsSettings: Sendable, Equatable {
    public static let enabledKey = ConfigKey("metrics.enabled")
    public static let hostKey = ConfigKey("metrics.host")
    public static let portKey = ConfigKey("metrics.port")

    public var enabled: Bool
    public var host: String
    public var port: Int

    public init(enabled: Bool = true, host: String = "127.0.0.1", port: Int = 9464) {
        self.enabled = enabled
        self.host = host
        self.port = port
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        let defaults = MetricsSettings()
        self.enabled = try source.bool(Self.enabledKey, default: defaults.enabled)
        self.host = source.string(Self.hostKey, default: defaults.host)
        // 0 asks the system for a free port (tests).
        self.port = try source.int(Self.portKey, default: defaults.port, range: 0...65535)
    }
}
