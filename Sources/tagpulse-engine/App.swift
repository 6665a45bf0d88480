import Foundation
import Logging
import ServiceLifecycle
import TagPulseEngine
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

/// `tagpulse-engine`: the internal analysis engine, listening on a Unix socket only.
@main
struct EngineMain {
    static func main() async {
        if CommandLine.arguments.contains("--version") {
            print("tagpulse-engine \(EngineVersion.current)")
            return
        }
        if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
            print(
                """
                tagpulse-engine \(EngineVersion.current): the TagPulse analysis engine (internal, Unix socket only).
                Configuration comes from TAGPULSE_* environment variables and the optional TAGPULSE_CONFIG file;
                see README.md. Stops gracefully on SIGTERM or SIGINT.
                """
            )
            return
        }
        let source: ConfigSource
        let configuration: EngineConfiguration
        let logSettings: LogSettings
        do {
            source = try ConfigSource.load()
            configuration = try EngineConfiguration(source: source)
            logSettings = try LogSettings(source: source)
        } catch {
            printError("tagpulse-engine: \(error)")
            exit(2)
        }
        logSettings.bootstrap()
        let logger = Logger(label: "tagpulse.engine")
        let unread = source.unreadFileKeys()
        if !unread.isEmpty {
            logger.notice(
                "config.file.unread_keys",
                metadata: ["config.keys": "\(unread.joined(separator: ","))", "hint": "a typo, or a key for the other process"]
            )
        }
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
            exit(1)
        }
    }
}

/// Writes a line to standard error (start-up failures happen before logging is bootstrapped).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
