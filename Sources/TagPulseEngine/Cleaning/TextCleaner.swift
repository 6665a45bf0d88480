/// The original's `clean_text` (spec §5), minus its quirk of leaving a leading space when a control character
/// preceded it: entities decoded, whitespace runs collapsed, control characters removed, then trimmed and cut
/// to `maxLength` code points. Emoji, URLs, mentions, hashtags and every script are kept.
enum TextCleaner {
    static let inputCap = 50_000

    static func clean(_ text: String, maxLength: Int) -> String {
        guard !text.isEmpty else { return "" }
        let decoded = Self.decodeEntities(String(text.unicodeScalars.prefix(Self.inputCap)))
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decoded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.value < 0x20 || scalar.value == 0x7F { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        var result = String(out)
        if result.unicodeScalars.count > maxLength {
            result = String(String.UnicodeScalarView(result.unicodeScalars.prefix(maxLength)))
            while let last = result.unicodeScalars.last, last.properties.isWhitespace {
                result.unicodeScalars.removeLast()
            }
        }
        return result
    }

    static let namedEntities: [Substring: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "#39": "'", "nbsp": "\u{00A0}",
    ]

    /// Decodes the common named entities and numeric ones (`&#233;`, `&#x1F600;`).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = rest[afterAmpersand...]
                continue
            }
            let name = rest[afterAmpersand..<semicolon]
            if let replacement = Self.namedEntities[name] ?? Self.numericEntity(name) {
                result += replacement
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        return result + rest
    }

    static func numericEntity(_ name: Substring) -> String? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return value.flatMap(Unicode.Scalar.init).map { String($0) }
    }
}
