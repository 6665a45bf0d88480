/// The list syntax shared by `Accept-Encoding` and `Cache-Control` (RFC 9110 §5.6): comma-separated elements,
/// `;`-separated parameters, `name=value` pairs whose value is a token or a quoted-string.
///
/// Lenient on purpose: empty elements are skipped, and a separator inside a quoted-string does not split.
/// Callers decide what to do with elements they cannot read; none of these functions fails.
enum HTTPFieldList {
    /// The non-empty elements of `value` split on `separator` outside quoted-strings, with spaces and tabs trimmed.
    static func split(_ value: Substring, on separator: Character) -> [Substring] {
        let separator = separator.asciiValue ?? UInt8(ascii: ",")
        var parts: [Substring] = []
        var start = value.startIndex
        var inQuotes = false
        var escaped = false
        var index = value.utf8.startIndex
        while index != value.utf8.endIndex {
            let byte = value.utf8[index]
            if inQuotes {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuotes = true
            } else if byte == separator {
                parts.append(Self.trim(value[start..<index]))
                start = value.utf8.index(after: index)
            }
            index = value.utf8.index(after: index)
        }
        parts.append(Self.trim(value[start...]))
        return parts.filter { !$0.isEmpty }
    }

    /// `name=value` split at the first `=`, name lower-cased; a bare name has a nil value.
    static func nameAndValue(_ element: Substring) -> (name: String, value: Substring?) {
        guard let equals = element.firstIndex(of: "=") else { return (element.lowercased(), nil) }
        let name = Self.trim(element[..<equals]).lowercased()
        return (name, Self.trim(element[element.index(after: equals)...]))
    }

    /// A token as it is, or the content of a quoted-string with its escapes resolved; nil for an unterminated quote.
    static func unquote(_ value: Substring) -> String? {
        guard value.first == "\"" else { return String(value) }
        var result = ""
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return result  // anything after the closing quote is ignored
            } else {
                result.append(character)
            }
        }
        return nil
    }

    /// True when `text` is a non-empty RFC 9110 token (`tchar`s only).
    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(Self.isTokenByte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static func trim(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
