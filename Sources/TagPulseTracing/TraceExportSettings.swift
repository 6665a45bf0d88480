import TagPulseSettings

/// Span export to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding (decision 0007), the same keys in
/// both processes:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `trace.otlp.endpoint` | empty (off) | the collector's base URL, `http(s)://host[:port][/path]`; spans go to `{endpoint}/v1/traces` |
/// | `trace.otlp.headers` | none | secret: `name=value` pairs, comma-separated, sent with every export (an API key, a tenant) |
/// | `trace.otlp.sample_ratio` | 1 | share of the traces that start here which are sampled, 0–1; a `traceparent`'s own sampled flag is honoured |
/// | `trace.otlp.batch_size` | 512 | spans per export request, 1–10000 |
/// | `trace.otlp.flush_interval_ms` | 1000 | how often queued spans are sent, 10–60000 |
/// | `trace.otlp.queue_size` | 8192 | spans waiting for export before new ones are dropped (and counted), 1–1000000 |
/// | `trace.otlp.timeout_ms` | 10000 | one export request's time limit, 100–60000 |
/// | `trace.otlp.max_attempts` | 3 | tries per batch on 429, 502, 503, 504 or no answer, 1–10 |
public struct TraceExportSettings: Sendable, Equatable {
    public static let endpointKey = ConfigKey("trace.otlp.endpoint")
    public static let headersKey = ConfigKey("trace.otlp.headers", secret: true)
    public static let sampleRatioKey = ConfigKey("trace.otlp.sample_ratio")
    public static let batchSizeKey = ConfigKey("trace.otlp.batch_size")
    public static let flushIntervalKey = ConfigKey("trace.otlp.flush_interval_ms")
    public static let queueSizeKey = ConfigKey("trace.otlp.queue_size")
    public static let timeoutKey = ConfigKey("trace.otlp.timeout_ms")
    public static let maxAttemptsKey = ConfigKey("trace.otlp.max_attempts")

    /// A field sent with every export.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The collector's base URL without a trailing `/`; nil: export is off.
    public var endpoint: String?
    /// Sent with every export; values are secrets and are never logged.
    public var headers: [Header]
    public var sampleRatio: Double
    public var batchSize: Int
    public var flushInterval: Duration
    public var queueSize: Int
    public var timeout: Duration
    public var maxAttempts: Int

    public init(
        endpoint: String? = nil,
        headers: [Header] = [],
        sampleRatio: Double = 1,
        batchSize: Int = 512,
        flushInterval: Duration = .seconds(1),
        queueSize: Int = 8192,
        timeout: Duration = .seconds(10),
        maxAttempts: Int = 3
    ) {
        self.endpoint = endpoint
        self.headers = headers
        self.sampleRatio = sampleRatio
        self.batchSize = batchSize
        self.flushInterval = flushInterval
        self.queueSize = queueSize
        self.timeout = timeout
        self.maxAttempts = maxAttempts
    }

    public var enabled: Bool { self.endpoint != nil }

    /// Where batches are posted: `{endpoint}/v1/traces` (an endpoint already ending so is used as it is).
    public var tracesURL: String? {
        self.endpoint.map { $0.hasSuffix("/v1/traces") ? $0 : $0 + "/v1/traces" }
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        let defaults = TraceExportSettings()
        self = defaults
        let endpoint = source.string(Self.endpointKey, default: "").trimmingSpaces()
        if !endpoint.isEmpty {
            guard let base = Self.validEndpoint(endpoint) else {
                throw ConfigurationError(
                    key: source.origin(of: Self.endpointKey) ?? Self.endpointKey.environmentName,
                    message: "must be an http:// or https:// URL with a host, no query or fragment (got \"\(endpoint.prefix(64))\")"
                )
            }
            self.endpoint = base
        }
        if let raw = source.raw(Self.headersKey), !raw.value.trimmingSpaces().isEmpty {
            guard let headers = Self.parseHeaders(raw.value) else {
                throw ConfigurationError(key: raw.origin, message: "must be comma-separated name=value pairs (header names: letters, digits, '-')")
            }
            self.headers = headers
        }
        self.sampleRatio = try source.double(Self.sampleRatioKey, default: defaults.sampleRatio, range: 0...1)
        self.batchSize = try source.int(Self.batchSizeKey, default: defaults.batchSize, range: 1...10_000)
        self.flushInterval = try source.milliseconds(Self.flushIntervalKey, default: defaults.flushInterval, range: 10...60_000)
        self.queueSize = try source.int(Self.queueSizeKey, default: defaults.queueSize, range: 1...1_000_000)
        self.timeout = try source.milliseconds(Self.timeoutKey, default: defaults.timeout, range: 100...60_000)
        self.maxAttempts = try source.int(Self.maxAttemptsKey, default: defaults.maxAttempts, range: 1...10)
    }

    /// The endpoint without a trailing `/`, or nil when it is not a usable http(s) URL.
    static func validEndpoint(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lower.hasPrefix) else { return nil }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty, !authority.contains("@"), !text.contains("?"), !text.contains("#"),
            !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else { return nil }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// `name=value,name=value` (spaces around each part ignored; a value may contain `=`); nil when malformed.
    static func parseHeaders(_ text: String) -> [Header]? {
        var headers: [Header] = []
        for part in text.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let name = part[..<equals].trimmingSpaces()
            let value = part[part.index(after: equals)...].trimmingSpaces()
            guard !name.isEmpty,
                name.utf8.allSatisfy({ byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-")
                }),
                value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
            else { return nil }
            headers.append(Header(name: name, value: value))
        }
        return headers.isEmpty ? nil : headers
    }
}
