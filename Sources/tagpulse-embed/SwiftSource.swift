/// The Swift file the plugin compiles into the target: one `static let` string per embedded file, and their digest.
enum SwiftSource {
    /// `contents` as one Swift string literal: `"`, `\` and control characters escaped, everything else as is.
    static func literal(_ contents: String) -> String {
        var out = "\""
        out.reserveCapacity(contents.utf8.count + contents.utf8.count / 8 + 2)
        for scalar in contents.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func file(manifestPath: String, entries: [(EmbedManifest.Entry, String)], digest: String) -> String {
        var out = """
            // Generated at build time by tagpulse-embed (the EmbedPlugin build-tool plugin) from \(manifestPath).
            // Not in git; edit the files named there.

            /// The files named in `embed.list`, compiled in so the binary needs no resource next to it.
            enum EmbeddedFiles {

            """
        for (entry, contents) in entries {
            out += "    /// `\(entry.path)`\(entry.mode == .json ? ", minified" : "").\n"
            out += "    static let \(entry.name) = \(literal(contents))\n"
        }
        out += "    /// ``EmbedDigest`` of the files above as they are in the repository (16 hexadecimal digits).\n"
        out += "    static let digest = \"\(digest)\"\n"
        out += "}\n"
        return out
    }
}
