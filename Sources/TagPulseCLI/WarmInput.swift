import Foundation

/// The items of a `tagpulse warm` run, read from a file or standard input: one per line.
///
/// A line is either a target (`skincare`, `#SkinCare`, `@chefmarco`, `air fryer`), which becomes an item of
/// `--kind` with `--max-posts` and `--prompt` when given, or a JSON object (a full item, as the `POST
/// /v1/admin/warm` body's `items` take it: `{"kind":"account","username":"chefmarco","max_posts":10}`), whose missing
/// `kind`, `max_posts` and `ai_analysis_prompt` are filled from the same options. Blank lines are skipped, and so are
/// comments: a `#` followed by a space or nothing (`# spring campaign`), so that `#skincare` stays a hashtag.
/// Targets and fields are checked by the gateway, exactly as `POST /v1/analyze/{kind}` checks them.
struct WarmInput: Equatable {
    /// One item: its JSON object (compact, keys sorted) and the 1-based input line it came from.
    struct Item: Equatable, Sendable {
        var json: String
        var line: Int
    }

    static let kinds = ["hashtag", "account", "search"]
    /// The request body's field naming each kind's target.
    static let targetFields = ["hashtag": "hashtag", "account": "username", "search": "query"]

    var items: [Item]

    /// Reads `text`; a ``CommandFailure`` (usage) naming the line when one cannot be read, or when there is no item.
    init(text: String, kind: String, maxPosts: Int?, prompt: String?) throws(CommandFailure) {
        guard let field = Self.targetFields[kind] else {
            throw .usage("--kind must be one of \(Self.kinds.joined(separator: ", ")) (got '\(kind.prefix(20))')")
        }
        var items: [Item] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || Self.isComment(line) { continue }
            var object: [String: Any]
            if line.hasPrefix("{") {
                guard let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw .usage("line \(offset + 1): not a JSON object (a line starting with '{' must hold one whole item)")
                }
                object = parsed
            } else {
                object = [field: line]
            }
            if object["kind"] == nil { object["kind"] = kind }
            if let maxPosts, object["max_posts"] == nil { object["max_posts"] = maxPosts }
            if let prompt, object["ai_analysis_prompt"] == nil { object["ai_analysis_prompt"] = prompt }
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw .usage("line \(offset + 1): the item cannot be written as JSON")
            }
            items.append(Item(json: String(decoding: data, as: UTF8.self), line: offset + 1))
        }
        guard !items.isEmpty else { throw .usage("no targets in the input (one per line; blank lines and '# ' comments are skipped)") }
        self.items = items
    }

    /// `#` alone or followed by white space; `#skincare` is a hashtag, not a comment.
    static func isComment(_ line: String) -> Bool {
        guard line.hasPrefix("#") else { return false }
        return line.dropFirst().first.map(\.isWhitespace) ?? true
    }

    /// The `POST /v1/admin/warm` body.
    func body(concurrency: Int?) -> [UInt8] {
        var text = #"{"items":["# + self.items.map(\.json).joined(separator: ",") + "]"
        if let concurrency { text += #","concurrency":\#(concurrency)"# }
        text += "}"
        return Array(text.utf8)
    }
}
