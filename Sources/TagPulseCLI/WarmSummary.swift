/// The end of a `tagpulse warm` run: counts, then every failed item with its input line and reason.
enum WarmSummary {
    /// `lines`: the input line of each item, by index.
    static func text(_ report: WarmJobReport, lines: [Int]) -> String {
        var text = "job \(KeyTable.printable(report.jobID)) \(report.status): \(report.total) items, \(report.warmed) warmed, "
        text += "\(report.fresh) already fresh, \(report.failed) failed"
        if let cancelled = report.cancelled, cancelled > 0 { text += ", \(cancelled) cancelled" }
        if report.status == "stalled" {
            let unfinished = report.total - report.completed
            text += "\nthe gateway instance running the job stopped before finishing it: \(unfinished) items not warmed yet; "
            text += "another instance resumes it within warm.stall_after_ms: tagpulse warm --attach \(KeyTable.printable(report.jobID))"
        }
        let failed = report.items.filter { $0.status == "failed" }
        if !failed.isEmpty {
            text += "\nfailed:"
            for item in failed {
                let place = item.index < lines.count ? "line \(lines[item.index])" : "item \(item.index)"
                let reason = item.error.map { "\($0.code) (\(KeyTable.printable($0.detail)))" } ?? "no reason given"
                text += "\n  \(place): \(item.kind) \(KeyTable.printable(item.target)): \(reason)"
            }
        }
        return text
    }

    /// 0 when every item was warmed or already fresh; 1 when any failed or the job stalled.
    static func exitStatus(_ report: WarmJobReport) -> Int32 {
        report.status == "done" && report.failed == 0 ? 0 : CommandFailure.Status.failed.rawValue
    }
}
