import ArgumentParser
import Foundation

/// Why `tagpulse warm` stopped early, or ended with failed items: a message for standard error and the exit status.
///
/// | status | meaning |
/// |---|---|
/// | 1 | the job ran, and some items failed (or the job stalled) |
/// | 2 | a bad option, an unreadable input, or items the gateway refused as invalid (nothing was warmed) |
/// | 3 | the gateway could not be reached, refused the key, or could not take the job |
struct WarmFailure: Error, Equatable, CustomStringConvertible {
    enum Status: Int32, Sendable {
        case failedItems = 1
        case usage = 2
        case gateway = 3
    }

    var status: Status
    /// One line or a few; never the key.
    var message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func usage(_ message: String) -> WarmFailure { WarmFailure(.usage, message) }
    static func gateway(_ message: String) -> WarmFailure { WarmFailure(.gateway, message) }

    var description: String { self.message }

    /// Runs the command's work: a ``WarmFailure`` is printed to standard error (with a pointer to the help after a
    /// usage error) and becomes the exit status.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as WarmFailure {
            var message = failure.message.isEmpty ? "" : "tagpulse warm: \(failure.message)\n"
            if failure.status == .usage { message += "See 'tagpulse warm --help'.\n" }
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(failure.status.rawValue)
        }
    }
}
