import Foundation

/// What `tagpulse warm` shows while a job runs: on a terminal one progress bar, redrawn in place; otherwise one
/// plain line per finished item (for logs and pipes). Pure text: the command writes it.
struct WarmProgress {
    /// Width of the bar between its brackets.
    static let barWidth = 20

    /// Items already reported as plain lines.
    private var reported: Set<Int> = []

    /// `[########............] 23/50 warmed 20 fresh 2 failed 1`.
    static func bar(_ report: WarmJobReport) -> String {
        let filled = report.total == 0 ? barWidth : min(barWidth, report.completed * barWidth / report.total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        return "[\(bar)] \(report.completed)/\(report.total) warmed \(report.warmed) fresh \(report.fresh) failed \(report.failed)"
    }

    /// The bar as a terminal line: carriage return, the bar, and the rest of the line cleared.
    static func terminalLine(_ report: WarmJobReport) -> String {
        "\r" + Self.bar(report) + "\u{1B}[K"
    }

    /// One line per item finished since the last call, in item order: `warmed  hashtag skincare`,
    /// `failed  hashtag nosuchtag: TARGET_NOT_FOUND (no videos found)`.
    mutating func newlyFinished(_ report: WarmJobReport) -> [String] {
        var lines: [String] = []
        for item in report.items where item.isFinished && !self.reported.contains(item.index) {
            self.reported.insert(item.index)
            lines.append(Self.line(item))
        }
        return lines
    }

    static func line(_ item: WarmJobReport.Item) -> String {
        let status = item.status.padding(toLength: 7, withPad: " ", startingAt: 0)
        var line = "\(status) \(item.kind) \(KeyTable.printable(item.target))"
        if let error = item.error { line += ": \(error.code) (\(KeyTable.printable(error.detail)))" }
        return line
    }
}
