import ArgumentParser
import Foundation

/// Why a `tagpulse` command (`keys`, `purge`, `warm`) stopped, or ended with failures: a message for standard error
/// and the exit status, the same for every command.
///
/// | status | meaning |
/// |---|---|
/// | 1 | the command ran but could not do all that was asked (an unknown key id, a revoked key to rotate, warm-up items that failed) |
/// | 2 | a bad option, argument, input or configuration value (nothing was done) |
/// | 3 | what the command talks to — Redis or the gateway — could not be reached, refused it, or failed |
struct CommandFailure: Error, Equatable, CustomStringConvertible {
    enum Status: Int32, Sendable {
        case failed = 1
        case usage = 2
        case unavailable = 3
    }

    var status: Status
    /// One line or a few; never a key, a password or a whole URL. Empty when the command already said it all.
    var message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A bad option or argument, named in `message`.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(.usage, message) }
    /// Redis or the gateway could not be reached or failed.
    static func unavailable(_ message: String) -> CommandFailure { CommandFailure(.unavailable, message) }

    var description: String { self.message }

    /// Runs a command's work (`command`: `tagpulse purge`): a ``CommandFailure`` is printed to standard error, with a
    /// pointer to the help after a usage error, and becomes the exit status.
    static func reporting(command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            var message = failure.message.isEmpty ? "" : "\(command): \(failure.message)\n"
            if failure.status == .usage { message += "See '\(command) --help'.\n" }
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(failure.status.rawValue)
        }
    }
}
