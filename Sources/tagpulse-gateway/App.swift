import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TagPulseGateway
import TagPulseSettings
import TagPulseTelemetry
import TagPulseWire
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
struct GatewayMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagpulse-gateway",
        abstract: "The TagPulse public HTTP API.",
        discussion: ServerOptions.environmentRule,
        version: "tagpulse-gateway \(GatewayApplication.version)"
    )

    @OptionGroup var options: ServerOptions

    static func main() async { await Self.mainExitingTwoOnUsageErrors() }

    func run() async throws {
        let (source, (configuration, logSettings)) = self.options.loadConfiguration(process: "tagpulse-gateway") {
            source throws(ConfigurationError) in
            (try GatewayConfiguration(source: source), try LogSettings(source: source))
        }
        logSettings.bootstrap()
        // Before anything uses the shared event loop group.
        GatewayApplication.useEventLoops(configuration.eventLoops)
        let prometheus = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "tagpulse.gateway")
        ConfigWarnings.log(source, to: logger)
        OpenFileLimit.raiseToHard(logger: logger)
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
                Foundation.exit(1)
            }
            logger.notice("gateway.stopped")
        } catch {
            logger.critical("gateway.failed", metadata: ["error": "\(error)"])
            printError("tagpulse-gateway: \(error)")
            Foundation.exit(1)
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
