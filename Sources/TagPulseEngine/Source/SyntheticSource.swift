import Foundation
import TagPulseWire

/// Deterministic data for any hashtag, account or query, for load tests and warm-up demos: the same target
/// always yields the same videos and comments (seeded by the target), in the real upstream JSON format, with
/// pagination, inline reply threads and the mix of opinions, questions, purchase talk, spam and languages the
/// analyzers expect. Up to 100 videos per target, 20 to 160 comments per video.
struct SyntheticSource: VideoSource {
    static let feedPageSize = 10
    static let maxVideos = 100
    static let commentPageSize = 20

    var name: String { "synthetic" }

    func feedPage(kind: AnalysisKind, target: String, cursor: String?) async throws -> Data {
        let offset = cursor.flatMap(Int.init) ?? 0
        let end = min(offset + Self.feedPageSize, Self.maxVideos)
        let videos = (offset..<end).map { self.video(kind: kind, target: target, index: $0) }
        let more = end < Self.maxVideos
        let page =
            #"{"status":"ok","data":{"aweme_list":[\#(videos.joined(separator: ","))],"has_more":\#(more ? 1 : 0),"cursor":"\#(more ? end : 0)"}}"#
        return Data(page.utf8)
    }

    func commentPage(videoID: String, cursor: String?) async throws -> Data {
        var random = SplitMix64(seed: Self.hash(videoID))
        let total = 20 + Int(random.next() % 141)
        let offset = cursor.flatMap(Int.init) ?? 0
        let end = min(offset + Self.commentPageSize, total)
        let comments = (offset..<end).map { self.comment(videoID: videoID, index: $0) }
        let more = end < total
        let page =
            #"{"status":"ok","data":{"comments":[\#(comments.joined(separator: ","))],"has_more":\#(more),"cursor":\#(more ? end : total),"total":\#(total)}}"#
        return Data(page.utf8)
    }

    private func video(kind: AnalysisKind, target: String, index: Int) -> String {
        var random = SplitMix64(seed: Self.hash("\(kind.rawValue):\(target):\(index)"))
        let id = 7_000_000_000_000_000_000 + random.next() % 1_000_000_000_000_000_000
        let plays = 1000 + random.next() % 5_000_000
        let likes = plays / (5 + random.next() % 40)
        let creator = kind == .account ? target : "creator\(random.next() % 5000)"
        let caption = SyntheticText.captions[Int(random.next() % UInt64(SyntheticText.captions.count))].replacingOccurrences(of: "{t}", with: target)
        let created = 1_759_276_800 - Int64(random.next() % (90 * 86_400))
        return #"{"aweme_id":"\#(id)","desc":\#(Self.quoted(caption)),"create_time":\#(created),"#
            + #""author":{"uid":"\#(random.next() % 1_000_000_000)","nickname":\#(Self.quoted(creator)),"unique_id":\#(Self.quoted(creator))},"#
            + #""statistics":{"play_count":\#(plays),"digg_count":\#(likes),"comment_count":\#(likes / 20),"share_count":\#(likes / 50),"collect_count":\#(likes / 30)},"#
            + #""share_url":"https://www.tiktok.com/@\#(creator)/video/\#(id)","cha_list":[{"cha_name":\#(Self.quoted(target))}]}"#
    }

    /// Every fifth comment carries one reply, and every other such reply gets an answer (depth 2).
    private func comment(videoID: String, index: Int) -> String {
        var random = SplitMix64(seed: Self.hash("\(videoID):\(index)"))
        let cid = "\(videoID.suffix(9))\(String(format: "%06d", index))"
        let created = 1_759_276_800 + Int64(index) * 97
        func text() -> String { SyntheticText.comments[Int(random.next() % UInt64(SyntheticText.comments.count))] }
        func object(_ id: String, _ text: String, replyID: String, replyTo: String, replies: String) -> String {
            #"{"cid":"\#(id)","text":\#(Self.quoted(text)),"create_time":\#(created),"digg_count":\#(random.next() % 500),"#
                + #""user":{"uid":"\#(random.next() % 1_000_000_000)","nickname":"user\#(random.next() % 100_000)"},"#
                + #""reply_id":"\#(replyID)","reply_to_reply_id":"\#(replyTo)","reply_comment":\#(replies)}"#
        }
        var replies = "null"
        if index % 5 == 0 {
            let reply = object(cid + "1", text(), replyID: cid, replyTo: "0", replies: "null")
            let answer = index % 10 == 0 ? "," + object(cid + "2", text(), replyID: cid, replyTo: cid + "1", replies: "null") : ""
            replies = "[\(reply)\(answer)]"
        }
        return object(cid, text(), replyID: "0", replyTo: "0", replies: replies)
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// FNV-1a, 64 bits: stable across runs and platforms (unlike `Hasher`).
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9e37_79b9_7f4a_7c15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
