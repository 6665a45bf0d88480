import Foundation

/// What `tagpulse warm` shows while a job runs: on a terminal one status line redrawn in place — a bar as wide as the
/// terminal allows, counts, elapsed time, an estimate of the time left and the item being warmed; otherwise one plain
/// line per finished item (for logs and pipes). Pure text: the command writes it.
struct WarmProgress {
    /// Widths of the bar between its brackets.
    static let minimumBarWidth = 10
    static let maximumBarWidth = 40

    /// Items already reported as plain lines.
    private var reported: Set<Int> = []

    /// When following began, and how many items were complete then (the rate counts only what finished since).
    let started: ContinuousClock.Instant
    private(set) var completedAtStart: Int?

    init(started: ContinuousClock.Instant = .now) {
        self.started = started
    }

    /// `[########......] 23/50`: the bar alone, `width` characters between the brackets.
    static func bar(_ report: WarmJobReport, width: Int) -> String {
        let filled = report.total == 0 ? width : min(width, report.completed * width / report.total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `12s`, `4m05s`, `1h02m`.
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(max(0, seconds))s"
        case ..<3600: "\(seconds / 60)m" + String(format: "%02ds", seconds % 60)
        default: "\(seconds / 3600)h" + String(format: "%02dm", seconds % 3600 / 60)
        }
    }

    /// Seconds left at the rate items finished since following began; nil before any did.
    static func eta(completed: Int, total: Int, completedAtStart: Int, elapsedSeconds: Double) -> Int? {
        let done = completed - completedAtStart
        guard done > 0, elapsedSeconds > 0, completed < total else { return completed >= total ? 0 : nil }
        return Int((Double(total - completed) * elapsedSeconds / Double(done)).rounded(.up))
    }

    /// The terminal line for `report` at `now`, fitted to `columns`: bar, `23/50`, counts, `elapsed 1m12s`,
    /// `ETA 40s`, and the current item (cut to what is left of the width).
    mutating func line(_ report: WarmJobReport, now: ContinuousClock.Instant = .now, columns: Int) -> String {
        if self.completedAtStart == nil { self.completedAtStart = report.completed }
        let elapsed = now - self.started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var text = " \(report.completed)/\(report.total) warmed \(report.warmed) fresh \(report.fresh) failed \(report.failed)"
        text += " · \(Self.duration(Int(seconds)))"
        if let eta = Self.eta(
            completed: report.completed,
            total: report.total,
            completedAtStart: self.completedAtStart ?? 0,
            elapsedSeconds: seconds
        ) {
            text += " · ETA \(Self.duration(eta))"
        }
        let width = max(Self.minimumBarWidth, min(Self.maximumBarWidth, columns - text.count - 2 - 20))
        var line = Self.bar(report, width: width) + text
        if let current = report.current {
            let room = columns - 1 - line.count - 3
            if room >= 4 {
                let name = KeyTable.printable(current.target)
                line += " · " + (name.count <= room ? name : String(name.prefix(room - 1)) + "…")
            }
        }
        if line.count > columns - 1 { line = String(line.prefix(max(1, columns - 1))) }
        return line
    }

    /// The line as a terminal update: carriage return, the line, and the rest of the line cleared.
    mutating func terminalLine(_ report: WarmJobReport, now: ContinuousClock.Instant = .now, columns: Int) -> String {
        "\r" + self.line(report, now: now, columns: columns) + "\u{1B}[K"
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

    /// The terminal's width in columns: `TIOCGWINSZ` on standard output, else `COLUMNS`, else 80.
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return environment["COLUMNS"].flatMap { Int($0) }.map { max(20, $0) } ?? 80
    }
}
