import TagPulseAccess

/// `tagpulse keys list` as a table: one row per key, newest first, without secrets or digests.
enum KeyTable {
    static let headers = ["ID", "NAME", "CLIENT", "TIER", "SCOPES", "STATUS", "CREATED", "NOT AFTER", "LAST USED"]

    static func render(_ records: [KeyRecord], now: Int64) -> String {
        let rows = records.map { record -> [String] in
            let view = KeyView(record, secret: nil, now: now)
            return [
                view.id, Self.cell(view.name, limit: 32), Self.cell(view.client, limit: 24), view.tier, view.scopes.joined(separator: ","),
                view.status, KeyOutput.time(record.createdMilliseconds), record.notAfterMilliseconds.map(KeyOutput.time) ?? "-",
                record.lastUsedMilliseconds.map(KeyOutput.time) ?? "-",
            ]
        }
        let table = [Self.headers] + rows
        let widths = Self.headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// At most `limit` characters, control characters shown as `?` (a name may hold anything the admin API accepted).
    static func cell(_ text: String, limit: Int) -> String {
        let printable = Self.printable(text)
        return printable.count <= limit ? printable : String(printable.prefix(limit - 1)) + "…"
    }

    /// Control characters (newlines, escape sequences) and bidirectional overrides as `?`, so a name cannot rewrite
    /// or reorder the operator's terminal.
    static func printable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isBidiControl = (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            scalars.append(scalar.properties.generalCategory == .control || isBidiControl ? "?" : scalar)
        }
        return String(scalars)
    }
}
