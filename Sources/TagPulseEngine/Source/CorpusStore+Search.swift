import Foundation
import TagPulseWire

extension CorpusStore {
    /// Videos per page of a search feed (the hashtag feeds' page size).
    static let searchPageSize = 5
    /// The most videos one search returns.
    static let searchLimit = 50

    /// The offline search: every corpus video (of every hashtag and account, in file-name order, each once) whose
    /// description and hashtags contain every word of `query`, or one of whose hashtags is the query with its spaces
    /// removed ("air fryer" → `#airfryer`). Served as upstream search pages of ``searchPageSize`` videos with
    /// cursors. A query matching nothing is an empty feed, as the upstream answers it: valid, nothing to analyse.
    func search(query: String) throws(CorpusError) -> Entry {
        let words = Self.searchWords(query)
        let key = Self.key(.search, words.joined(separator: " "))
        if let entry = self.loaded.withLock({ $0[key] }) { return entry }
        var matches: [[String: Any]] = []
        var seen: Set<String> = []
        let joined = words.joined()
        for fileKey in self.files.keys.sorted() where matches.count < Self.searchLimit {
            let parts = fileKey.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let kind = AnalysisKind(rawValue: String(parts[0])), kind != .search,
                let entry = try self.target(kind: kind, name: String(parts[1]))
            else { continue }
            for body in entry.feed.bodies {
                let page = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
                let videos = ((page?["data"] as? [String: Any])?["aweme_list"] as? [[String: Any]]) ?? []
                for video in videos where matches.count < Self.searchLimit {
                    guard let id = video["aweme_id"].map({ "\($0)" }), !seen.contains(id), Self.matches(video, words: words, joined: joined)
                    else { continue }
                    seen.insert(id)
                    matches.append(video)
                }
            }
        }
        let entry = Entry(kind: .search, name: words.joined(separator: " "), feed: try Self.searchPages(matches))
        return self.loaded.withLock { loaded in
            if let existing = loaded[key] { return existing }
            loaded[key] = entry
            return entry
        }
    }

    /// Lower-cased words of letters and digits.
    static func searchWords(_ query: String) -> [String] {
        query.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static func matches(_ video: [String: Any], words: [String], joined: String) -> Bool {
        guard !words.isEmpty else { return false }
        let hashtags = ((video["cha_list"] as? [[String: Any]]) ?? []).compactMap { ($0["cha_name"] as? String)?.lowercased() }
        if hashtags.contains(joined) { return true }
        let text = ((video["desc"] as? String) ?? "").lowercased() + " " + hashtags.joined(separator: " ")
        return words.allSatisfy { text.contains($0) }
    }

    static func searchPages(_ videos: [[String: Any]]) throws(CorpusError) -> Pages {
        var bodies: [Data] = []
        var index: [String: Int] = [:]
        var start = 0
        repeat {
            let end = min(start + Self.searchPageSize, videos.count)
            let more = end < videos.count
            let page: [String: Any] = [
                "status": "ok",
                "data": ["aweme_list": Array(videos[start..<end]), "has_more": more ? 1 : 0, "cursor": more ? String(end) : "0"],
            ]
            guard let body = try? JSONSerialization.data(withJSONObject: page, options: [.sortedKeys]) else {
                throw CorpusError(message: "a search page could not be encoded")
            }
            if more { index[String(end)] = bodies.count + 1 }
            bodies.append(body)
            start = end
        } while start < videos.count
        return Pages(bodies: bodies, indexForCursor: index)
    }
}
