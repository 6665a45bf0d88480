import CoreMetrics
import Prometheus

/// The process's metrics registry behind swift-metrics: every `Counter`, `Meter` and `Timer` the libraries create
/// lands here and is rendered in the Prometheus text format by ``exposition()``.
///
/// ``bootstrap()`` is called once, from `main` only; libraries take a `MetricsFactory` (default
/// `MetricsSystem.factory`) and tests pass their own.
public final class PrometheusMetrics: Sendable {
    /// Histogram buckets of every duration (`*_seconds`), from 0.5 ms (a cache hit) to 30 s (a cold analysis).
    public static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// A registry bootstrapped as the process's metrics system. Call once, from `main` only.
    public static func bootstrap() -> PrometheusMetrics {
        let metrics = PrometheusMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }

    /// Every metric in the Prometheus text format (version 0.0.4), each family with its `# HELP` (``MetricHelp``).
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        self.registry.emit(into: &buffer)
        return Self.addingHelp(to: buffer)
    }

    /// `# HELP <family> <text>` before every `# TYPE <family> …` line not already preceded by one.
    static func addingHelp(to exposition: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(exposition.count + 2048)
        var previousWasHelp = false
        for line in exposition.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: Self.typePrefix), !previousWasHelp {
                let family = String(decoding: line.dropFirst(Self.typePrefix.count).prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
                out += Array("# HELP \(family) \(MetricHelp.text(for: family))\n".utf8)
            }
            previousWasHelp = line.starts(with: Self.helpPrefix)
            out += line
            out.append(UInt8(ascii: "\n"))
        }
        if exposition.last != UInt8(ascii: "\n"), !out.isEmpty { out.removeLast() }
        return out
    }

    private static let typePrefix = Array("# TYPE ".utf8)
    private static let helpPrefix = Array("# HELP ".utf8)
}
