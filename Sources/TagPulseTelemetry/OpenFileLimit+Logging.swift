import Logging
import TagPulseWire

extension OpenFileLimit {
    /// Raises the process's soft open-file limit to its hard limit (``OpenFileLimit/raiseToHard()``) at start and says
    /// so: `process.open_files_raised` (info) with `limit.before` and `limit.after`; `process.open_files_not_raised`
    /// (warning) when the kernel refused, with the limit the process keeps.
    public static func raiseToHard(logger: Logger) {
        guard let change = Self.raiseToHard(), change.before != change.hard else { return }
        let metadata: Logger.Metadata = [
            "limit.before": .stringConvertible(change.before), "limit.after": .stringConvertible(change.after),
            "limit.hard": .stringConvertible(change.hard),
        ]
        if change.after == change.hard {
            logger.info("process.open_files_raised", metadata: metadata)
        } else {
            logger.warning("process.open_files_not_raised", metadata: metadata)
        }
    }
}
