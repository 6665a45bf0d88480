import TagPulseSettings
import TagPulseTelemetry
import TagPulseTracing

extension GatewayConfiguration {
    static let readinessCacheKey = ConfigKey("readiness.cache_ms")
    static let environmentKey = ConfigKey("environment", aliases: ["ENVIRONMENT"])

    /// The operations keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`): the metrics
    /// listener, the shutdown timing, the readiness cache and span export (`trace.otlp.*`, ``TraceExportSettings``).
    mutating func readOperationsKeys(from source: ConfigSource) throws(ConfigurationError) {
        self.metrics = try MetricsSettings(source: source)
        self.trace = try TraceExportSettings(source: source)
        self.drainDelay = try source.milliseconds(Keys.drainDelay, default: self.drainDelay, range: 0...300_000)
        self.gracePeriod = try source.milliseconds(Keys.gracePeriod, default: self.gracePeriod, range: 100...600_000)
        self.readinessCacheMilliseconds = Int64(
            try source.int(Self.readinessCacheKey, default: Int(self.readinessCacheMilliseconds), range: 0...60_000)
        )
        self.environment = source.string(Self.environmentKey, default: self.environment)
        guard (1...64).contains(self.environment.utf8.count),
            self.environment.utf8.allSatisfy({ byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            })
        else {
            throw ConfigurationError(
                key: source.origin(of: Self.environmentKey) ?? Self.environmentKey.environmentName,
                message: "must be 1 to 64 letters, digits, '-', '_' or '.'"
            )
        }
        guard !self.metrics.enabled || self.metrics.port != self.httpPort || self.metrics.port == 0 else {
            throw ConfigurationError(
                key: source.origin(of: MetricsSettings.portKey) ?? MetricsSettings.portKey.environmentName,
                message: "must differ from http.port (\(self.httpPort)): /metrics is served on its own listener"
            )
        }
    }
}
