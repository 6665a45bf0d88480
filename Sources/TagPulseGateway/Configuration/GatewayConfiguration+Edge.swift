import TagPulseSettings
import TagPulseWire

extension GatewayConfiguration {
    static let maxInFlightPerClientKey = ConfigKey("http.max_in_flight_per_client")
    static let bodyTimeoutKey = ConfigKey("http.body_timeout_ms")
    static let splitRequestWaitKey = ConfigKey("http.split_request_wait_ms")

    /// `http.max_in_flight_per_client`, or its default: a quarter of `http.max_in_flight`, at least 1.
    public var effectiveMaxInFlightPerClient: Int { self.maxInFlightPerClient ?? max(1, self.maxInFlight / 4) }

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
        if source.raw(Self.maxInFlightPerClientKey) != nil {
            self.maxInFlightPerClient = try source.int(Self.maxInFlightPerClientKey, default: 1, range: 1...100_000)
        } else {
            source.noteDefault(Self.maxInFlightPerClientKey, "\(self.effectiveMaxInFlightPerClient)")
        }
        self.bodyTimeout = try source.milliseconds(Self.bodyTimeoutKey, default: self.bodyTimeout, range: 100...300_000)
        self.splitRequestWait = try source.milliseconds(Self.splitRequestWaitKey, default: self.splitRequestWait, range: 0...1000)
        self.headerTimeout = try source.seconds(Keys.headerTimeout, default: self.headerTimeout, range: 1...300)
        self.maxHeaderCount = try source.int(Keys.maxHeaderCount, default: self.maxHeaderCount, range: 8...1000)
        self.maxHeaderBytes = try source.int(Keys.maxHeaderBytes, default: self.maxHeaderBytes, range: 1024...65536)
    }
}

extension GatewayConfiguration {
    /// The HTTP/1 listener's limits for ``GatewayHTTP1Channel``.
    public var http1Channel: GatewayHTTP1Channel.Configuration {
        var channel = GatewayHTTP1Channel.Configuration(
            idleTimeout: .seconds(self.idleTimeout.components.seconds),
            headerTimeout: .seconds(self.headerTimeout.components.seconds),
            maxHeaderCount: self.maxHeaderCount,
            maxHeaderBytes: self.maxHeaderBytes,
            bodyTimeout: .milliseconds(self.bodyTimeout.milliseconds)
        )
        channel.splitRequestWait = .milliseconds(self.splitRequestWait.milliseconds)
        return channel
    }
}
