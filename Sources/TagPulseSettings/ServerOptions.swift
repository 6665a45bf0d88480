import ArgumentParser
import Foundation

/// The options `tagpulse-gateway` and `tagpulse-engine` share: where the configuration comes from, and the two
/// modes that read it without serving (`--check`, `--print-config`).
public struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A JSON or YAML config file (the same as TAGPULSE_CONFIG, which it overrides).", valueName: "file"))
    public var config: String?

    @Flag(
        name: .long,
        help: "Load and validate the whole configuration, connect to nothing, and exit: 0 when valid, 2 (with the key at fault) when not."
    )
    public var check = false

    @Flag(
        name: .customLong("print-config"),
        help: "Print every key's effective value and its source (default, file or environment variable), secrets masked, and exit."
    )
    public var printConfig = false

    public init() {}

    /// The `--help` text on where configuration comes from.
    public static let environmentRule = """
        Configuration comes in layers: built-in defaults < the config file (--config or TAGPULSE_CONFIG) < environment \
        variables. Every key has one environment variable: TAGPULSE_ + the key upper-cased with '.' turned into '_' \
        (http.port -> TAGPULSE_HTTP_PORT, engine.pool_size -> TAGPULSE_ENGINE_POOL_SIZE). A few keys also read the \
        original service's names (PORT, LOG_LEVEL, SERVICE_API_KEY, ...). See README.md for every key. Stops gracefully \
        on SIGTERM or SIGINT. Exit status: 0 after a clean stop or a passing --check, 1 on a failure while serving, 2 for a \
        bad option or configuration value.
        """

    /// Loads the configuration and reads it with `read`. A bad value prints the error (which names the key) and exits
    /// with 2; `--check` and `--print-config` print their answer and exit with 0. Otherwise returns what `read` made,
    /// with the source (for the start-up warnings).
    public func loadConfiguration<Configuration>(
        process: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ read: (ConfigSource) throws(ConfigurationError) -> Configuration
    ) -> (source: ConfigSource, configuration: Configuration) {
        let source: ConfigSource
        let configuration: Configuration
        do {
            source = try ConfigSource.load(environment: environment, configFile: self.config)
            configuration = try read(source)
        } catch {
            FileHandle.standardError.write(Data("\(process): \(error)\n".utf8))
            Foundation.exit(2)
        }
        if self.printConfig || self.check {
            let warnings = EnvironmentAudit.warnings(in: environment)
            if !warnings.isEmpty { FileHandle.standardError.write(Data((warnings.joined(separator: "\n") + "\n").utf8)) }
        }
        if self.printConfig {
            print(ConfigReport(source: source).text)
            Foundation.exit(0)
        }
        if self.check {
            let file = source.filePath.map { " (config file \($0))" } ?? ""
            print("\(process): configuration is valid\(file)")
            Foundation.exit(0)
        }
        return (source, configuration)
    }
}

extension AsyncParsableCommand {
    /// ArgumentParser's own `main`, except that a usage error (an unknown option, a missing value) exits with 2, the
    /// status of every bad option or configuration value of the servers, rather than 64.
    public static func mainExitingTwoOnUsageErrors() async {
        do {
            var command = try await Self.asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if Self.exitCode(for: error) == .validationFailure {
                // The message includes the usage line.
                FileHandle.standardError.write(Data((Self.fullMessage(for: error) + "\n").utf8))
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
