/// A comment as the TikTok scraper sends it (spec §4.4), with its inline replies (`reply_comment`), read
/// leniently: `cid` and `text` are required, everything else has a default.
struct UpstreamComment: Decodable, Sendable {
    var cid: String
    var text: String
    var createTime: Int64?
    var likes: Int64
    var user: User?
    /// The top-level comment this one replies to; nil for a top-level comment.
    var replyID: String?
    /// The reply this one answers, for replies to replies; nil otherwise.
    var replyToReplyID: String?
    var replies: [UpstreamComment]

    struct User: Decodable, Sendable {
        var uid: String?
        var nickname: String?
        var uniqueID: String?
        enum CodingKeys: String, CodingKey {
            case uid, nickname
            case uniqueID = "unique_id"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.uid = container.lenientText(.uid)
            self.nickname = container.lenientText(.nickname)
            self.uniqueID = container.lenientText(.uniqueID)
        }
    }

    enum CodingKeys: String, CodingKey {
        case cid, text, user
        case createTime = "create_time"
        case likes = "digg_count"
        case replyID = "reply_id"
        case replyToReplyID = "reply_to_reply_id"
        case replies = "reply_comment"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let cid = container.lenientText(.cid), !cid.isEmpty, let text = container.lenientText(.text) else {
            throw DecodingError.keyNotFound(CodingKeys.cid, .init(codingPath: decoder.codingPath, debugDescription: "no cid or text"))
        }
        self.cid = cid
        self.text = text
        self.createTime = container.lenientInteger(.createTime)
        self.likes = max(0, container.lenientInteger(.likes) ?? 0)
        self.user = container.lenient(User.self, .user)
        // "0" and 0 both mean "top level" (the original's string comparison broke on an integer 0, spec §11.8).
        self.replyID = container.lenientText(.replyID).flatMap { $0 == "0" || $0.isEmpty ? nil : $0 }
        self.replyToReplyID = container.lenientText(.replyToReplyID).flatMap { $0 == "0" || $0.isEmpty ? nil : $0 }
        self.replies = container.lenientList(UpstreamComment.self, .replies)
    }
}
