import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TagPulseGateway
import TagPulseSettings
import TagPulseTelemetry
import UnixSignals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tagpulse-gateway`: the public HTTP front door.
@main
struct GatewayMain {
    static func main() async {
        if CommandLine.arguments.contains("--version") {
            print("tagpulse-gateway \(GatewayApplication.version)")
            return
        }
        if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
            print(
                """
                tagpulse-gateway \(GatewayApplication.version): the TagPulse public HTTP API.
                Configuration comes from TAGPULSE_* environment variables and the optional TAGPULSE_CONFIG file;
                see README.md. Stops gracefully on SIGTERM or SIGINT.
                """
            )
            return
        }
        let source: ConfigSource
        let configuration: GatewayConfiguration
        let logSettings: LogSettings
        do {
            source = try ConfigSource.load()
            configuration = try GatewayConfiguration(source: source)
            logSettings = try LogSettings(source: source)
        } catch {
            printError("tagpulse-gateway: \(error)")
            exit(2)
        }
        logSettings.bootstrap()
        let prometheus = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "tagpulse.gateway")
        let unread = source.unreadFileKeys()
        if !unread.isEmpty {
            logger.notice(
                "config.file.unread_keys",
                metadata: ["config.keys": "\(unread.joined(separator: ","))", "hint": "a typo, or a key for the other process"]
            )
        }
        let drain = DrainState()
        do {
            let services = try GatewayApplication.makeServices(
                configuration: configuration,
                logger: logger,
                nowMilliseconds: SystemTime.nowMilliseconds,
                prometheus: prometheus,
                drain: drain
            )
            // SIGTERM: the drain gate stops first (readiness fails, connections close), then the HTTP listener, whose
            // in-flight requests get `shutdown.grace_period_ms`; past that the group cancels them and we exit 1.
            var groupConfiguration = ServiceGroupConfiguration(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [.sigquit],
                logger: logger
            )
            groupConfiguration.maximumGracefulShutdownDuration = configuration.drainDelay + configuration.gracePeriod
            try await ServiceGroup(configuration: groupConfiguration).run()
            if let began = drain.beganAt, ContinuousClock.now - began > configuration.drainDelay + configuration.gracePeriod {
                // The group cancelled what was still running: some requests did not get their answer.
                logger.error("gateway.stopped.grace_period_exceeded")
                exit(1)
            }
            logger.notice("gateway.stopped")
        } catch {
            logger.critical("gateway.failed", metadata: ["error": "\(error)"])
            printError("tagpulse-gateway: \(error)")
            exit(1)
        }
    }
}

enum SystemTime {
    @Sendable static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// Writes a line to standard error (start-up failures happen before logging is bootstrapped).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
