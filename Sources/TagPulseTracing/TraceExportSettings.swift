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

    /// The collector's base URL without a trailing `/`; nil: export is off.
    public var endpoint: String?
    /// Sent with every export; values are secrets and are never logged.
    public var headers: [(name: String, value: String)]
    public var sampleRatio: Double
    public var batchSize: Int
    public var flushInterval: Duration
    public var queueSize: Int
    public var timeout: Duration
    public var maxAttempts: Int

    public init(
        endpoint: String? = nil,
        headers: [(name: String, value: String)] = [],
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

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.endpoint == rhs.endpoint && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
            && lhs.sampleRatio == rhs.sampleRatio && lhs.batchSize == rhs.batchSize && lhs.flushInterval == rhs.flushInterval
            && lhs.queueSize == rhs.queueSize && lhs.timeout == rhs.timeout && lhs.maxAttempts == rhs.maxAttempts
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        let defaults = TraceExportSettings()
        self = defaults
        let endpoint = source.string(Self.endpointKey, default: "").trimmed(" \t")
        if !endpoint.isEmpty {
            guard let base = Self.validEndpoint(endpoint) else {
                throw ConfigurationError(
                    key: source.origin(of: Self.endpointKey) ?? Self.endpointKey.environmentName,
                    message: "must be an http:// or https:// URL with a host, no query or fragment (got \"\(endpoint.prefix(64))\")"
                )
            }
            self.endpoint = base
        }
        if let raw = source.raw(Self.headersKey), !raw.value.trimmed(" \t").isEmpty {
            guard let headers = Self.parseHeaders(raw.value) else {
                throw ConfigurationError(key: raw.origin, message: "must be comma-separated name=value pairs (header names: letters, digits, '-')")
            }
            self.headers = headers
        }
        if let (text, origin) = source.raw(Self.sampleRatioKey) {
            guard let ratio = Double(text.trimmed(" \t")), ratio.isFinite, (0...1).contains(ratio) else {
                throw ConfigurationError(key: origin, message: "must be a number from 0 to 1 (got \"\(text.prefix(64))\")")
            }
            self.sampleRatio = ratio
        } else {
            source.noteDefault(Self.sampleRatioKey, "1")
        }
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
    static func parseHeaders(_ text: String) -> [(name: String, value: String)]? {
        var headers: [(name: String, value: String)] = []
        for part in text.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let name = part[..<equals].trimmed(" \t")
            let value = part[part.index(after: equals)...].trimmed(" \t")
            guard !name.isEmpty,
                name.utf8.allSatisfy({ byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-")
                }),
                value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
            else { return nil }
            headers.append((name, value))
        }
        return headers.isEmpty ? nil : headers
    }
}

extension StringProtocol {
    fileprivate func trimmed(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
