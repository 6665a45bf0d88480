import TagPulseLocalAnalysis

/// Turns upstream comment pages into the cleaned, de-duplicated, threaded comment list of one video, and
/// counts what it dropped and why (reported in `metadata.comments_dropped`).
struct CommentCleaner: Sendable {
    /// The longest comment text kept, in code points (spec §5.2).
    static let maxTextLength = 2000

    var rules = CleaningRules()
    let analyzer = LocalAnalyzer()

    struct Outcome: Sendable {
        var comments: [Comment] = []
        /// Comments seen, replies included, before cleaning.
        var found = 0
        var dropped: [String: Int] = [:]
        /// Depth of every comment placed in a thread, kept or filtered: a reply to a filtered comment still sits
        /// one level below it.
        var depths: [String: Int] = [:]
    }

    /// Cleans `upstream` (top-level comments with inline replies) in order, keeping at most `limit` comments.
    func clean(_ upstream: [UpstreamComment], videoID: String, limit: Int, into outcome: inout Outcome, seen: inout Set<String>) {
        // The analyzer's memory, reused from one comment to the next.
        var workspace = LocalAnalyzer.Workspace()
        for comment in upstream {
            self.add(comment, parentID: nil, videoID: videoID, limit: limit, into: &outcome, seen: &seen, workspace: &workspace)
        }
    }

    private func add(
        _ upstream: UpstreamComment,
        parentID inlineParent: String?,
        videoID: String,
        limit: Int,
        into outcome: inout Outcome,
        seen: inout Set<String>,
        workspace: inout LocalAnalyzer.Workspace
    ) {
        outcome.found += 1
        if seen.contains(upstream.cid) {
            outcome.dropped["duplicate", default: 0] += 1
        } else {
            seen.insert(upstream.cid)
            let place = self.place(of: upstream, inlineParent: inlineParent, depths: outcome.depths)
            outcome.depths[upstream.cid] = place.depth
            let text = TextCleaner.clean(upstream.text, maxLength: Self.maxTextLength)
            var reading: CommentReading?
            if outcome.comments.count >= limit {
                outcome.dropped["over_limit", default: 0] += 1
            } else if text.isEmpty {
                outcome.dropped["empty", default: 0] += 1
            } else if let reason = self.rules.dropReason(
                for: text,
                read: { Self.read(text, with: self.analyzer, into: &reading, workspace: &workspace) }
            ) {
                outcome.dropped[reason, default: 0] += 1
            } else {
                outcome.comments.append(
                    Comment(
                        id: upstream.cid,
                        videoID: videoID,
                        text: text,
                        createTime: upstream.createTime,
                        likes: upstream.likes,
                        authorNickname: TextCleaner.clean(upstream.user?.nickname ?? "", maxLength: 100),
                        parentID: place.parentID,
                        depth: place.depth,
                        reading: reading
                    )
                )
            }
        }
        for reply in upstream.replies {
            self.add(reply, parentID: upstream.cid, videoID: videoID, limit: limit, into: &outcome, seen: &seen, workspace: &workspace)
        }
    }

    private static func read(
        _ text: String,
        with analyzer: LocalAnalyzer,
        into reading: inout CommentReading?,
        workspace: inout LocalAnalyzer.Workspace
    )
        -> CommentReading
    {
        let read = analyzer.read(text, workspace: &workspace)
        reading = read
        return read
    }

    /// A reply's parent is the reply it answers (`reply_to_reply_id`) when that one is known, else its top-level
    /// comment (`reply_id`, or the comment it is nested under); its depth is one more than its parent's. A reply
    /// whose parent was never seen keeps depth 1 under the id it names.
    private func place(of upstream: UpstreamComment, inlineParent: String?, depths: [String: Int]) -> (parentID: String?, depth: Int) {
        if let answered = upstream.replyToReplyID, let depth = depths[answered] {
            return (answered, depth + 1)
        }
        guard let topLevel = upstream.replyID ?? inlineParent else { return (nil, 0) }
        return (topLevel, (depths[topLevel] ?? 0) + 1)
    }
}
