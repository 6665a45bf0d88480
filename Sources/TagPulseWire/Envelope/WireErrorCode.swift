/// The stable, upper-snake-case error codes of the engine protocol (DESIGN §2).
///
/// A struct over a string rather than a closed enum: a peer that receives a code it does not know still has a
/// code to log and forward.
public struct WireErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The frame could not be read (bad length, truncated, not a JSON object). The connection is closed.
    public static let badFrame = WireErrorCode(rawValue: "BAD_FRAME")
    /// The envelope is JSON but lacks a usable `id`, `method` or `v`.
    public static let invalidRequest = WireErrorCode(rawValue: "INVALID_REQUEST")
    public static let unsupportedVersion = WireErrorCode(rawValue: "UNSUPPORTED_VERSION")
    public static let methodNotFound = WireErrorCode(rawValue: "METHOD_NOT_FOUND")
    /// `params` do not fit the method (missing fields, out-of-range values, an invalid hashtag).
    public static let invalidParams = WireErrorCode(rawValue: "INVALID_PARAMS")
    /// Another request with the same `id` is still in flight on this connection.
    public static let duplicateID = WireErrorCode(rawValue: "DUPLICATE_ID")
    public static let deadlineExceeded = WireErrorCode(rawValue: "DEADLINE_EXCEEDED")
    public static let cancelled = WireErrorCode(rawValue: "CANCELLED")
    /// The engine is at its concurrency bound; retry later.
    public static let overloaded = WireErrorCode(rawValue: "OVERLOADED")
    /// The engine is draining for shutdown.
    public static let shuttingDown = WireErrorCode(rawValue: "SHUTTING_DOWN")
    /// The hashtag, account or query has no videos at the source.
    public static let targetNotFound = WireErrorCode(rawValue: "TARGET_NOT_FOUND")
    /// An upstream (TikTok scraper, OpenAI) failed or answered something unusable.
    public static let upstreamError = WireErrorCode(rawValue: "UPSTREAM_ERROR")
    /// An upstream has been failing and calls to it are paused (its circuit breaker is open); retry after
    /// `retry_after_s`.
    public static let upstreamUnavailable = WireErrorCode(rawValue: "UPSTREAM_UNAVAILABLE")
    /// An upstream refused us for rate limiting.
    public static let upstreamRateLimited = WireErrorCode(rawValue: "UPSTREAM_RATE_LIMITED")
    /// An upstream did not answer in time.
    public static let upstreamTimeout = WireErrorCode(rawValue: "UPSTREAM_TIMEOUT")
    /// Every video's analysis failed.
    public static let analysisFailed = WireErrorCode(rawValue: "ANALYSIS_FAILED")
    /// The result is larger than the frame limit; ask for less, or raise `max_frame_bytes` on both sides.
    public static let resultTooLarge = WireErrorCode(rawValue: "RESULT_TOO_LARGE")
    /// A bug in the engine. Never used for a caller's mistake.
    public static let internalError = WireErrorCode(rawValue: "INTERNAL")

    public var description: String { self.rawValue }
}
