/// Turns upstream comment pages into the cleaned, de-duplicated, threaded comment list of one video, and
/// counts what it dropped and why (reported in `metadata.comments_dropped`).
struct CommentCleaner: Sendable {
    /// The longest comment text kept, in code points (spec §5.2).
    static let maxTextLength = 2000

    struct Outcome: Sendable {
        var comments: [Comment] = []
        /// Comments seen, replies included, before cleaning.
        var found = 0
        var dropped: [String: Int] = [:]
    }

    /// Cleans `upstream` (top-level comments with inline replies) in order, keeping at most `limit` comments.
    func clean(_ upstream: [UpstreamComment], videoID: String, limit: Int, into outcome: inout Outcome, seen: inout Set<String>) {
        for comment in upstream {
            self.add(comment, parent: nil, depthOfParent: -1, videoID: videoID, limit: limit, into: &outcome, seen: &seen)
        }
    }

    private func add(
        _ upstream: UpstreamComment,
        parent: Comment?,
        depthOfParent: Int,
        videoID: String,
        limit: Int,
        into outcome: inout Outcome,
        seen: inout Set<String>
    ) {
        outcome.found += 1
        var keptSelf: Comment?
        if seen.contains(upstream.cid) {
            outcome.dropped["duplicate", default: 0] += 1
        } else if outcome.comments.count >= limit {
            outcome.dropped["over_limit", default: 0] += 1
        } else {
            seen.insert(upstream.cid)
            let text = TextCleaner.clean(upstream.text, maxLength: Self.maxTextLength)
            if text.isEmpty {
                outcome.dropped["empty", default: 0] += 1
            } else {
                let depth = self.depth(of: upstream, parent: parent, outcome: outcome)
                let comment = Comment(
                    id: upstream.cid,
                    videoID: videoID,
                    text: text,
                    createTime: upstream.createTime,
                    likes: upstream.likes,
                    authorNickname: TextCleaner.clean(upstream.user?.nickname ?? "", maxLength: 100),
                    parentID: depth.parentID,
                    depth: depth.depth
                )
                outcome.comments.append(comment)
                keptSelf = comment
            }
        }
        for reply in upstream.replies {
            self.add(reply, parent: keptSelf ?? parent, depthOfParent: 0, videoID: videoID, limit: limit, into: &outcome, seen: &seen)
        }
    }

    /// A reply's parent is the reply it answers (`reply_to_reply_id`) when that one is known, else the top-level
    /// comment (`reply_id`); its depth is one more than its parent's. A reply whose parent is unknown keeps
    /// depth 1 under the id it names.
    private func depth(of upstream: UpstreamComment, parent: Comment?, outcome: Outcome) -> (parentID: String?, depth: Int) {
        if let answered = upstream.replyToReplyID,
            let target = outcome.comments.last(where: { $0.id == answered })
        {
            return (target.id, target.depth + 1)
        }
        if let topLevel = upstream.replyID {
            if let parent, parent.id == topLevel { return (parent.id, parent.depth + 1) }
            if let target = outcome.comments.last(where: { $0.id == topLevel }) { return (target.id, target.depth + 1) }
            return (topLevel, 1)
        }
        if let parent { return (parent.id, parent.depth + 1) }
        return (nil, 0)
    }
}
