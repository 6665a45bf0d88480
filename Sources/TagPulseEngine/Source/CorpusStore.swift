import Foundation
import Synchronization
import TagPulseWire

/// The shipped corpus: per target its feed pages, per video its comment pages, each kept as the upstream body
/// bytes, with the cursor that leads to each page after the first.
///
/// Layout (see `scripts/generate-corpus.py`): `hashtag/<name>.json.gz` and `account/<name>.json.gz` (or plain
/// `.json`), each `{"target":{…},"feed_pages":[page…],"comment_pages":{"<aweme_id>":[page…]}}`. Start-up only
/// lists the files; a target is read, inflated and indexed the first time it is asked for, then kept, so the
/// engine starts at once and holds in memory only the targets in use.
final class CorpusStore: Sendable {
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

    let files: [String: URL]
    let loaded = Mutex<[String: Entry]>([:])
    private let comments = Mutex<[String: Pages]>([:])

    static func key(_ kind: AnalysisKind, _ name: String) -> String { "\(kind.rawValue):\(name.lowercased())" }

    /// Lists the target files below `directory`; throws when there are none.
    init(directory: URL) throws(CorpusError) {
        var files: [String: URL] = [:]
        for kind in AnalysisKind.allCases {
            let folder = directory.appendingPathComponent(kind.rawValue, isDirectory: true)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in names {
                let name = file.hasSuffix(".json.gz") ? String(file.dropLast(8)) : file.hasSuffix(".json") ? String(file.dropLast(5)) : nil
                if let name { files[Self.key(kind, name)] = folder.appendingPathComponent(file) }
            }
        }
        guard !files.isEmpty else { throw CorpusError(message: "no corpus files found in \(directory.path)") }
        self.files = files
    }

    /// The names of every target of `kind`, sorted.
    func names(of kind: AnalysisKind) -> [String] {
        self.files.keys.filter { $0.hasPrefix("\(kind.rawValue):") }.map { String($0.dropFirst(kind.rawValue.count + 1)) }.sorted()
    }

    /// The target, loading it on first use; nil when the corpus has no such target.
    func target(kind: AnalysisKind, name: String) throws(CorpusError) -> Entry? {
        let key = Self.key(kind, name)
        if let entry = self.loaded.withLock({ $0[key] }) { return entry }
        guard let url = self.files[key] else { return nil }
        let (entry, pages) = try Self.load(url, kind: kind)
        self.comments.withLock { $0.merge(pages) { first, _ in first } }
        return self.loaded.withLock { loaded in
            if let existing = loaded[key] { return existing }  // another request loaded it meanwhile
            loaded[key] = entry
            return entry
        }
    }

    /// A video's comment pages; its target must have been loaded (the pipeline always reads the feed first).
    func commentPages(videoID: String) -> Pages? { self.comments.withLock { $0[videoID] } }

    static func load(_ url: URL, kind: AnalysisKind) throws(CorpusError) -> (Entry, [String: Pages]) {
        let file = url.lastPathComponent
        guard var data = FileManager.default.contents(atPath: url.path) else {
            throw CorpusError(message: "cannot read corpus file \(file)")
        }
        if file.hasSuffix(".gz") {
            do {
                data = try Gunzip.inflate(data)
            } catch {
                throw CorpusError(message: "corpus file \(file): \(error)")
            }
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let target = object["target"] as? [String: Any],
            let name = target["name"] as? String,
            let feedPages = object["feed_pages"] as? [Any], !feedPages.isEmpty
        else {
            throw CorpusError(message: "malformed corpus file \(file)")
        }
        let feed = try Self.pages(feedPages, file: file)
        var comments: [String: Pages] = [:]
        for (videoID, pages) in (object["comment_pages"] as? [String: Any]) ?? [:] {
            guard let list = pages as? [Any], !list.isEmpty else { continue }
            comments[videoID] = try Self.pages(list, file: file)
        }
        return (Entry(kind: kind, name: name.lowercased(), feed: feed), comments)
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

/// The corpus could not be loaded or read.
struct CorpusError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
