import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A swift-log handler for people (`log.format=text`): one line per event on standard error,
/// `2026-12-05T14:40:02.123Z info tagpulse.gateway: request.completed http.status=200 request.id=abc`.
///
/// Metadata values carry client-controlled text (request ids, paths, upstream messages), so every value, key, label
/// and message is escaped: a value can never start a new line, move the cursor, or forge another `key=value` pair
/// (control characters, DEL, C1 controls and the Unicode line separators become `\n`, `\u{1b}`…; a value with a
/// space, `=`, `"` or nothing at all is quoted). Each line goes out in one `write(2)`.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let fileDescriptor: Int32

    public init(label: String, level: Logger.Level, fileDescriptor: Int32 = 2) {
        self.label = label
        self.logLevel = level
        self.fileDescriptor = fileDescriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        LogLine.write(self.line(for: event), to: self.fileDescriptor)
    }

    /// The line written for `event`, newline included.
    func line(for event: LogEvent) -> String {
        let merged = LogLine.metadata(self.metadata, provider: self.metadataProvider, event: event)
        var line = "\(JSONLogHandler.timestamp()) \(event.level.rawValue) \(Self.escaped(self.label)): \(Self.escaped(event.message.description))"
        for key in merged.keys.sorted() {
            line += " \(Self.field(key))=\(Self.field(Self.render(merged[key]!)))"
        }
        return line + "\n"
    }

    static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(Self.render).joined(separator: ", ") + "]"
        case .dictionary(let object): "[" + object.keys.sorted().map { "\($0): \(Self.render(object[$0]!))" }.joined(separator: ", ") + "]"
        }
    }

    /// A key or value: escaped, and quoted when it is empty or holds a space, `=` or `"`.
    static func field(_ text: String) -> String {
        let escaped = Self.escaped(text)
        let needsQuotes = escaped.isEmpty || escaped.contains { $0 == " " || $0 == "=" || $0 == "\"" }
        return needsQuotes ? "\"" + escaped.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : escaped
    }

    /// `text` with backslashes doubled and every control character written as an escape: `\n`, `\r`, `\t`, and
    /// `\u{XX}` for the other C0 controls, DEL, the C1 controls and U+2028/U+2029.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Self.needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x5C, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}
