import Logging
import Synchronization

/// What the Redis client said about its connection attempts, kept so the command can say why it could not connect.
///
/// The client reports a failed attempt only in its log (`redis.connect_failed` with the error code in `redis.error`;
/// never an address with credentials). The command's logger writes nothing: ``handler`` only records that code.
final class ConnectionReport: Sendable {
    private let lastError = Mutex<String?>(nil)

    /// The code of the last failed attempt (`unavailable`, `configuration`, `timeout` …), if any.
    var lastErrorCode: String? { self.lastError.withLock { $0 } }

    /// A logger for the client that records failed attempts and prints nothing.
    var logger: Logger {
        Logger(label: "tagpulse.cli.redis") { _ in Handler(report: self) }
    }

    fileprivate func record(_ code: String) { self.lastError.withLock { $0 = code } }

    private struct Handler: LogHandler {
        let report: ConnectionReport
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "redis.connect_failed", let code = event.metadata?["redis.error"] else { return }
            self.report.record(code.description)
        }
    }
}
