/// A video as the TikTok scraper sends it (spec §4.4), read leniently: only `aweme_id` is required.
struct UpstreamVideo: Decodable, Sendable {
    var awemeID: String
    var desc: String?
    var createTime: Int64?
    var author: Author?
    var statistics: Statistics?
    var shareURL: String?
    var hashtags: [String]
    var durationMilliseconds: Int64?
    var region: String?
    var isAd: Bool

    struct Author: Decodable, Sendable {
        var uid: String?
        var nickname: String?
        var uniqueID: String?
        var region: String?

        enum CodingKeys: String, CodingKey {
            case uid, nickname, region
            case uniqueID = "unique_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.uid = container.lenientText(.uid)
            self.nickname = container.lenientText(.nickname)
            self.uniqueID = container.lenientText(.uniqueID)
            self.region = container.lenientText(.region)
        }
    }

    struct Statistics: Decodable, Sendable {
        var likes: Int64
        var comments: Int64
        var plays: Int64
        var shares: Int64
        var saves: Int64

        enum CodingKeys: String, CodingKey {
            case likes = "digg_count"
            case comments = "comment_count"
            case plays = "play_count"
            case shares = "share_count"
            case saves = "collect_count"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.likes = max(0, container.lenientInteger(.likes) ?? 0)
            self.comments = max(0, container.lenientInteger(.comments) ?? 0)
            self.plays = max(0, container.lenientInteger(.plays) ?? 0)
            self.shares = max(0, container.lenientInteger(.shares) ?? 0)
            self.saves = max(0, container.lenientInteger(.saves) ?? 0)
        }
    }

    struct ShareInfo: Decodable, Sendable {
        var shareURL: String?
        enum CodingKeys: String, CodingKey { case shareURL = "share_url" }
    }

    struct Challenge: Decodable, Sendable {
        var name: String?
        enum CodingKeys: String, CodingKey { case name = "cha_name" }
    }

    struct Media: Decodable, Sendable {
        var duration: Int64?
        enum CodingKeys: String, CodingKey { case duration }
        init(from decoder: any Decoder) throws {
            self.duration = try decoder.container(keyedBy: CodingKeys.self).lenientInteger(.duration)
        }
    }

    enum CodingKeys: String, CodingKey {
        case desc, author, statistics, region, video
        case awemeID = "aweme_id"
        case createTime = "create_time"
        case shareURL = "share_url"
        case shareInfo = "share_info"
        case challenges = "cha_list"
        case isAd = "is_ads"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = container.lenientText(.awemeID), !id.isEmpty else {
            throw DecodingError.keyNotFound(CodingKeys.awemeID, .init(codingPath: decoder.codingPath, debugDescription: "no aweme_id"))
        }
        self.awemeID = id
        self.desc = container.lenientText(.desc)
        self.createTime = container.lenientInteger(.createTime)
        self.author = container.lenient(Author.self, .author)
        self.statistics = container.lenient(Statistics.self, .statistics)
        self.shareURL =
            container.lenientText(.shareURL).flatMap { $0.isEmpty ? nil : $0 }
            ?? container.lenient(ShareInfo.self, .shareInfo)?.shareURL
        self.hashtags = container.lenientList(Challenge.self, .challenges).compactMap(\.name)
        self.durationMilliseconds = container.lenient(Media.self, .video)?.duration
        self.region = container.lenientText(.region)
        self.isAd = container.lenientFlag(.isAd) ?? false
    }
}
