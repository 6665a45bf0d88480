/// The text of `--print-config`: one line per key the process read, `key  value  source`, sorted by key, secrets
/// masked; then the config file's keys that nothing read.
public struct ConfigReport: Sendable {
    public var readings: [ConfigReading]
    public var unreadFileKeys: [String]

    public init(readings: [ConfigReading], unreadFileKeys: [String] = []) {
        self.readings = readings
        self.unreadFileKeys = unreadFileKeys
    }

    public init(source: ConfigSource) {
        self.init(readings: source.readings(), unreadFileKeys: source.unreadFileKeys())
    }

    public var text: String {
        let rows = self.readings.map { [$0.key.name, $0.displayValue, $0.source.description] }
        let keyWidth = rows.map { $0[0].count }.max() ?? 0
        let valueWidth = min(rows.map { $0[1].count }.max() ?? 0, 60)
        var lines = rows.map { row in
            Self.padded(row[0], keyWidth) + "  " + Self.padded(row[1], valueWidth) + "  " + row[2]
        }
        for key in self.unreadFileKeys {
            lines.append(Self.padded(key, keyWidth) + "  " + Self.padded("(not read)", valueWidth) + "  file: a typo, or a key for the other process")
        }
        return lines.joined(separator: "\n")
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
