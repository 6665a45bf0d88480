import TagPulseWire

extension AnalysisPipeline {
    /// Follows the feed's pagination until `max_posts` videos, the end of the feed, the page cap, or a cursor
    /// seen before (an upstream that ignores cursors would otherwise loop). Videos are de-duplicated by id.
    func collectVideos(kind: AnalysisKind, params: AnalysisParams) async throws -> (videos: [Video], calls: Int) {
        var videos: [Video] = []
        var seenIDs: Set<String> = []
        var seenCursors: Set<String> = []
        var cursor: String?
        var calls = 0
        while videos.count < params.maxPosts, calls < self.limits.maxFeedPages {
            try Task.checkCancellation()
            let body = try await self.source.feedPage(kind: kind, target: params.target, cursor: cursor)
            calls += 1
            let page: UpstreamPage<UpstreamVideo>
            do {
                page = try UpstreamPage<UpstreamVideo>.decode(body, listKey: "aweme_list")
            } catch {
                if videos.isEmpty { throw WireError(code: .upstreamError, message: "the video source answered with an unusable feed page") }
                break
            }
            for upstream in page.items where videos.count < params.maxPosts && seenIDs.insert(upstream.awemeID).inserted {
                videos.append(Video(upstream))
            }
            guard page.hasMore, let next = page.nextCursor, seenCursors.insert(next).inserted else { break }
            cursor = next
        }
        // A hashtag or account with no videos is unknown to the source (404). A search is never "unknown": one that
        // finds nothing is valid and empty, a 200 with an empty list.
        guard !videos.isEmpty || kind == .search else {
            throw WireError(code: .targetNotFound, message: "no videos found for \(kind.rawValue) \"\(params.target)\"")
        }
        return (videos, calls)
    }

    /// Pages through one video's comments until `limit` cleaned comments, the end, the page cap, or a repeated
    /// cursor. A failing page ends that video's collection with what it has: one bad page never loses a video.
    static func collectComments(
        of video: Video,
        limit: Int,
        maxPages: Int,
        source: any VideoSource,
        cleaner: CommentCleaner
    ) async throws -> CollectedVideo {
        var outcome = CommentCleaner.Outcome()
        var seenIDs: Set<String> = []
        var seenCursors: Set<String> = []
        var cursor: String?
        var pages = 0
        while outcome.comments.count < limit, pages < maxPages {
            try Task.checkCancellation()
            let page: UpstreamPage<UpstreamComment>
            do {
                let body = try await source.commentPage(videoID: video.id, cursor: cursor)
                pages += 1
                page = try UpstreamPage<UpstreamComment>.decode(body, listKey: "comments")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome.dropped["page_error", default: 0] += 1
                break
            }
            if page.unreadableItems > 0 { outcome.dropped["unreadable", default: 0] += page.unreadableItems }
            if page.items.isEmpty { break }
            cleaner.clean(page.items, videoID: video.id, limit: limit, into: &outcome, seen: &seenIDs)
            guard page.hasMore, let next = page.nextCursor, seenCursors.insert(next).inserted else { break }
            cursor = next
        }
        return CollectedVideo(video: video, comments: outcome.comments, found: outcome.found, dropped: outcome.dropped, pages: pages)
    }
}
