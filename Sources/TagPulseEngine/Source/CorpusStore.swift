import Foundation
import TagPulseWire

/// The shipped corpus, loaded once at start-up: per target its feed pages, per video its comment pages, each
/// kept as the upstream body bytes, with the cursor that leads to each page after the first.
///
/// Layout (see `scripts/generate-corpus.py`): `index.json` and `hashtag/<name>.json`, `account/<name>.json`, each
/// `{"target":{…},"feed_pages":[page…],"comment_pages":{"<aweme_id>":[page…]}}`.
struct CorpusStore: Sendable {
    struct Pages: Sendable {
        var bodies: [Data]
        /// The cursor found on page i leads to page i + 1.
        var indexForCursor: [String: Int]
    }

    struct Entry: Sendable {
        var kind: AnalysisKind
        var name: String
        var feed: Pages
    }

    private(set) var entries: [String: Entry] = [:]
    private(set) var comments: [String: Pages] = [:]

    static func key(_ kind: AnalysisKind, _ name: String) -> String { "\(kind.rawValue):\(name.lowercased())" }

    func target(kind: AnalysisKind, name: String) -> Entry? { self.entries[Self.key(kind, name)] }
    func commentPages(videoID: String) -> Pages? { self.comments[videoID] }

    /// The names of every target of `kind`, sorted.
    func names(of kind: AnalysisKind) -> [String] {
        self.entries.values.filter { $0.kind == kind }.map(\.name).sorted()
    }

    /// Loads every target file below `directory`. Throws a message naming the file on a malformed one.
    init(directory: URL) throws(CorpusError) {
        for kind in [AnalysisKind.hashtag, .account, .search] {
            let folder = directory.appendingPathComponent(kind.rawValue, isDirectory: true)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".json") {
                let url = folder.appendingPathComponent(file)
                try self.load(url, kind: kind)
            }
        }
        guard !self.entries.isEmpty else { throw CorpusError(message: "no corpus files found in \(directory.path)") }
    }

    private mutating func load(_ url: URL, kind: AnalysisKind) throws(CorpusError) {
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let target = object["target"] as? [String: Any],
            let name = target["name"] as? String,
            let feedPages = object["feed_pages"] as? [Any], !feedPages.isEmpty
        else {
            throw CorpusError(message: "malformed corpus file \(url.lastPathComponent)")
        }
        let feed = try Self.pages(feedPages, file: url.lastPathComponent)
        self.entries[Self.key(kind, name)] = Entry(kind: kind, name: name.lowercased(), feed: feed)
        for (videoID, pages) in (object["comment_pages"] as? [String: Any]) ?? [:] {
            guard let list = pages as? [Any], !list.isEmpty else { continue }
            self.comments[videoID] = try Self.pages(list, file: url.lastPathComponent)
        }
    }

    private static func pages(_ list: [Any], file: String) throws(CorpusError) -> Pages {
        var bodies: [Data] = []
        var index: [String: Int] = [:]
        for (position, page) in list.enumerated() {
            guard let body = try? JSONSerialization.data(withJSONObject: page) else {
                throw CorpusError(message: "malformed page \(position) in corpus file \(file)")
            }
            bodies.append(body)
            if position + 1 < list.count,
                let data = (page as? [String: Any])?["data"] as? [String: Any],
                let cursor = data["cursor"] ?? data["max_cursor"]
            {
                index["\(cursor)"] = position + 1
            }
        }
        return Pages(bodies: bodies, indexForCursor: index)
    }
}

/// The corpus could not be loaded; stops the engine at start-up.
struct CorpusError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
