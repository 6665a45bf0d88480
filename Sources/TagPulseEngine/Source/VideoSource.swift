import Foundation
import TagPulseWire

/// Where videos and comments come from. Implementations return upstream page bodies **verbatim** (the RapidAPI
/// JSON of spec §4.4), so every source is read by the same lenient decoding in ``UpstreamPage``.
///
/// Errors are ``WireError``s with upstream codes (`TARGET_NOT_FOUND`, `UPSTREAM_ERROR`, …).
protocol VideoSource: Sendable {
    /// `corpus`, `synthetic` or `rapidapi`; reported in `metadata.provider`.
    var name: String { get }

    /// One page of the feed of a hashtag, an account or a search; `cursor` nil for the first page.
    func feedPage(kind: AnalysisKind, target: String, cursor: String?) async throws -> Data

    /// One page of a video's comments; `cursor` nil for the first page.
    func commentPage(videoID: String, cursor: String?) async throws -> Data
}
