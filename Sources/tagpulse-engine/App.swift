import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TagPulseEngine
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

/// `tagpulse-engine`: the internal analysis engine, listening on a Unix socket only.
@main
struct EngineMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagpulse-engine",
        abstract: "The TagPulse analysis engine (internal, Unix socket only).",
        discussion: ServerOptions.environmentRule,
        version: "tagpulse-engine \(EngineVersion.current)"
    )

    @OptionGroup var options: ServerOptions

    static func main() async { await Self.mainExitingTwoOnUsageErrors() }

    func run() async throws {
        let (source, (configuration, logSettings)) = self.options.loadConfiguration(process: "tagpulse-engine") { source throws(ConfigurationError) in
            (try EngineConfiguration(source: source), try LogSettings(source: source))
        }
        logSettings.bootstrap()
        let logger = Logger(label: "tagpulse.engine")
        ConfigWarnings.log(source, to: logger)
        OpenFileLimit.raiseToHard(logger: logger)
        do {
            let services = try EngineApplication.makeServices(configuration: configuration, logger: logger)
            let group = ServiceGroup(
                configuration: .init(
                    services: services.map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        } catch {
            logger.critical("engine.failed", metadata: ["error": "\(error)"])
            printError("tagpulse-engine: \(error)")
            Foundation.exit(1)
        }
    }
}

/// Writes a line to standard error (start-up failures happen before logging is bootstrapped).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
