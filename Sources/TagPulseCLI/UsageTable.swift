import TagPulseAccess

/// `tagpulse usage` as a table or CSV: one row per day and client (or per client and key), then the totals and each
/// client's estimated cache savings.
enum UsageTable {
    static let figureHeaders = ["REQUESTS", "HITS", "STALE", "ENGINE", "REFUSED", "BYTES OUT", "UPSTREAM", "PROMPT TOK", "COMPL TOK"]

    static func render(_ report: UsageReport) -> String {
        let labelHeaders = report.group == .day ? ["DAY", "CLIENT"] : ["CLIENT", "KEY"]
        var table = [labelHeaders + Self.figureHeaders]
        for row in report.rows {
            let labels =
                report.group == .day
                ? [row.day?.description ?? "", KeyTable.cell(row.client ?? "", limit: 24)]
                : [KeyTable.cell(row.client ?? "", limit: 24), row.key ?? ""]
            table.append(labels + Self.figures(row.counts))
        }
        table.append(["TOTAL", ""] + Self.figures(report.totals.counts))
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines = table.map { row in
            row.indices.map { column in
                column < 2
                    ? row[column] + String(repeating: " ", count: widths[column] - row[column].count)
                    : String(repeating: " ", count: widths[column] - row[column].count) + row[column]
            }.joined(separator: "  ")
        }
        lines.append("")
        lines.append("\(report.from) to \(report.to) (UTC). Estimated cache savings (hits × average cost of an engine call):")
        for client in report.clients {
            let savings = client.savings ?? UsageReport.Savings(upstreamCalls: 0, openAITokens: 0)
            lines.append(
                "  \(KeyTable.cell(client.client ?? "", limit: 24)): \(savings.upstreamCalls) upstream calls, \(savings.openAITokens) OpenAI tokens"
            )
        }
        if report.clients.isEmpty { lines.append("  (no usage recorded in this range)") }
        return lines.joined(separator: "\n")
    }

    /// A header line, then one line per row; labels are client names and key ids (no commas or quotes can occur).
    static func csv(_ report: UsageReport) -> String {
        let header = ["day", "client", "key"] + UsageCounter.allCases.map(\.rawValue)
        var lines = [header.joined(separator: ",")]
        for row in report.rows {
            let labels = [row.day?.description ?? "", row.client ?? "", row.key ?? ""]
            lines.append((labels + UsageCounter.allCases.map { String(row.counts[$0]) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func figures(_ counts: UsageCounts) -> [String] {
        UsageCounter.allCases.map { String(counts[$0]) }
    }
}
