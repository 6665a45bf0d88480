import ArgumentParser
import Foundation
import TagPulseCLI

/// `tagpulse`: the command-line companion of a TagPulse deployment.
@main
struct TagPulseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagpulse",
        abstract: "The TagPulse command line: manage API keys, purge and warm the cache, read usage, classify texts locally.",
        version: "0.1.0",
        subcommands: [KeysCommand.self, PurgeCommand.self, WarmCommand.self, UsageCommand.self, ClassifyCommand.self, RelevanceCommand.self]
    )

    /// ArgumentParser's own `main`, except that a usage error (an unknown option, a missing argument) exits with 2,
    /// the status of every bad option or configuration value here, rather than 64.
    static func main() async {
        do {
            var command = try await Self.asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if Self.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Self.fullMessage(for: error) + "\n").utf8))
                Self.exit(withError: ExitCode(2))
            }
            Self.exit(withError: error)
        }
    }
}
