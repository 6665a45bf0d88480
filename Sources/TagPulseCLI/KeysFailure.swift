import ArgumentParser
import Foundation

/// Why a `tagpulse keys` or `tagpulse purge` command stopped: a message for standard error and the exit status.
///
/// | status | meaning |
/// |---|---|
/// | 1 | the command could not do what was asked (unknown key id, a revoked key to rotate) |
/// | 2 | a bad option, argument or configuration value (nothing was sent to Redis) |
/// | 3 | Redis could not be reached, refused the connection set-up, or failed a command |
struct KeysFailure: Error, Equatable, CustomStringConvertible {
    enum Status: Int32, Sendable {
        case failure = 1
        case usage = 2
        case redis = 3
    }

    var status: Status
    /// One line or a few; never a secret, a password or a whole URL.
    var message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A bad option or argument, named in `message`.
    static func usage(_ message: String) -> KeysFailure { KeysFailure(.usage, message) }

    var description: String { self.message }

    /// Runs a command's work (`command`: `tagpulse purge`): a ``KeysFailure`` is printed to standard error, with a
    /// pointer to the help after a usage error, and becomes the exit status.
    static func reporting(command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as KeysFailure {
            var message = "\(command): \(failure.message)"
            if failure.status == .usage { message += "\nSee '\(command) --help'." }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw ExitCode(failure.status.rawValue)
        }
    }
}
