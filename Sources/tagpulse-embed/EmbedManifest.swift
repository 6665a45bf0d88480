import Foundation

/// The list of files a target embeds (`embed.list` in the target's folder): one file a line, `name mode path`, the
/// path relative to the package root; `#` starts a comment. Modes: `text` (the bytes as they are) and `json` (the
/// whitespace between tokens removed, keys kept in the file's order).
struct EmbedManifest: Equatable {
    enum Mode: String {
        case text
        case json
    }

    struct Entry: Equatable {
        var name: String
        var mode: Mode
        var path: String
    }

    var entries: [Entry]

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(parsing text: String) throws {
        entries = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 3, let mode = Mode(rawValue: String(fields[1])) else {
                throw Invalid(description: "line \(index + 1): expected `name text|json path`, got `\(raw)`")
            }
            let name = String(fields[0])
            guard let first = name.unicodeScalars.first, first.properties.isXIDStart,
                name.unicodeScalars.allSatisfy({ $0.properties.isXIDContinue })
            else {
                throw Invalid(description: "line \(index + 1): `\(name)` is not a Swift identifier")
            }
            entries.append(Entry(name: name, mode: mode, path: String(fields[2])))
        }
    }

    /// Each entry's path and bytes, as the repository holds them (what ``EmbedDigest`` covers).
    func files(root: URL) throws -> [(name: String, contents: [UInt8])] {
        try entries.map { ($0.path, [UInt8](try Data(contentsOf: root.appendingPathComponent($0.path)))) }
    }
}
