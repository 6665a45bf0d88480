import Foundation

/// One page of a feed or of a video's comments, as the upstream sends it: `{"status":"ok","data":{…}}`.
struct UpstreamPage<Item: Decodable & Sendable>: Sendable {
    var items: [Item]
    /// Items on the page that could not be read at all (no id), counted, not fatal.
    var unreadableItems: Int
    var hasMore: Bool
    /// The cursor to send for the next page, when there is one.
    var nextCursor: String?
}

/// Why an upstream page could not be used.
struct UpstreamPageError: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}

extension UpstreamPage {
    /// Reads a page whose list lives under `data.<listKey>`. Throws when the body is not JSON, the top-level
    /// `status` is not `"ok"` (spec §4.3), or `data` is missing.
    static func decode(_ body: Data, listKey: String) throws -> UpstreamPage {
        let raw: RawPage
        do {
            raw = try JSONDecoder().decode(RawPage.self, from: body)
        } catch {
            throw UpstreamPageError(message: "upstream body is not the expected JSON")
        }
        guard raw.status == "ok" else {
            throw UpstreamPageError(message: "upstream status is \(raw.status.map { "\"\($0.prefix(40))\"" } ?? "missing")")
        }
        guard let data = raw.data else { throw UpstreamPageError(message: "upstream page has no data") }
        let elements = data.lists[listKey] ?? []
        let items = elements.compactMap(\.value)
        let cursor = data.cursor ?? data.maxCursor
        return UpstreamPage(
            items: items,
            unreadableItems: elements.count - items.count,
            hasMore: data.hasMore ?? false,
            nextCursor: cursor.flatMap { $0.isEmpty || $0 == "0" ? nil : $0 }
        )
    }

    private struct RawPage: Decodable {
        var status: String?
        var data: RawData?
        enum CodingKeys: String, CodingKey { case status, data }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.status = container.lenientText(.status)
            self.data = container.lenient(RawData.self, .data)
        }
    }

    private struct RawData: Decodable, Sendable {
        var lists: [String: [Lenient.Element<Item>]]
        var hasMore: Bool?
        var cursor: String?
        var maxCursor: String?

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            var lists: [String: [Lenient.Element<Item>]] = [:]
            for key in ["aweme_list", "comments"].map(Key.init(stringValue:)) where container.contains(key) {
                lists[key.stringValue] = (try? container.decodeIfPresent([Lenient.Element<Item>].self, forKey: key)) ?? nil ?? []
            }
            self.lists = lists
            self.hasMore = container.lenientFlag(Key(stringValue: "has_more"))
            self.cursor = container.lenientText(Key(stringValue: "cursor"))
            self.maxCursor = container.lenientText(Key(stringValue: "max_cursor"))
        }
    }
}
