import TagPulseSettings

extension GatewayConfiguration {
    /// Reads the edge keys (documented with the others in `GatewayConfiguration+ConfigSource.swift`). A bad list entry
    /// throws a ``ConfigurationError`` naming the variable or file key and the entry.
    mutating func readEdgeKeys(from source: ConfigSource) throws(ConfigurationError) {
        if let (list, origin) = source.raw(Keys.trustedProxies) {
            do {
                self.trustedProxies = try TrustedProxies(parsing: list)
            } catch {
                throw ConfigurationError(key: origin, message: "\(error)")
            }
        }
        if let (list, origin) = source.raw(Keys.corsOrigins) {
            do {
                self.cors = try CORSPolicy(parsing: list)
            } catch {
                throw ConfigurationError(key: origin, message: "\(error)")
            }
        }
        self.maxInFlight = try source.int(Keys.maxInFlight, default: self.maxInFlight, range: 1...100_000)
        self.headerTimeout = .seconds(try source.int(Keys.headerTimeout, default: 10, range: 1...300))
        self.maxHeaderCount = try source.int(Keys.maxHeaderCount, default: self.maxHeaderCount, range: 8...1000)
        self.maxHeaderBytes = try source.int(Keys.maxHeaderBytes, default: self.maxHeaderBytes, range: 1024...65536)
    }
}

extension GatewayConfiguration {
    /// The HTTP/1 listener's limits for ``GatewayHTTP1Channel``.
    public var http1Channel: GatewayHTTP1Channel.Configuration {
        GatewayHTTP1Channel.Configuration(
            idleTimeout: .seconds(self.idleTimeout.components.seconds),
            headerTimeout: .seconds(self.headerTimeout.components.seconds),
            maxHeaderCount: self.maxHeaderCount,
            maxHeaderBytes: self.maxHeaderBytes
        )
    }
}
