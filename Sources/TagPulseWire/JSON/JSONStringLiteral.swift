/// A JSON string literal written by hand, for JSON text built without an encoder (log lines, OTLP export): `"` and
/// `\` escaped, control characters as `\n`, `\r`, `\t` or `\u00XX` (DEL too, so a line is safe on a terminal).
public enum JSONStringLiteral {
    /// Appends `text` as a quoted, escaped JSON string.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `text` as a quoted, escaped JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        Self.append(text, to: &out)
        return out
    }
}
