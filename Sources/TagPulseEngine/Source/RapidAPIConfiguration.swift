/// The RapidAPI "TikTok Scraper" upstream (spec §4).
public struct RapidAPIConfiguration: Sendable, Equatable {
    public static let defaultHost = "tiktok-scrapper-videos-music-challenges-downloader.p.rapidapi.com"

    public var key: String
    public var host: String
    /// Scheme, host and optional port (and path prefix), no trailing slash.
    public var baseURL: String
    /// The search feed's path, with `{query}` where the URL-encoded query goes; the upstream's search surface is
    /// not documented in the original service, so it is configurable.
    public var searchPath: String
    public var callTimeout: Duration
    public var maxAttempts: Int

    public init(
        key: String,
        host: String = Self.defaultHost,
        baseURL: String? = nil,
        searchPath: String = "/search/video/{query}",
        callTimeout: Duration = .seconds(15),
        maxAttempts: Int = 3
    ) {
        self.key = key
        self.host = host
        self.baseURL = baseURL ?? "https://\(host)"
        self.searchPath = searchPath
        self.callTimeout = callTimeout
        self.maxAttempts = maxAttempts
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.key == rhs.key && lhs.host == rhs.host && lhs.baseURL == rhs.baseURL && lhs.searchPath == rhs.searchPath
            && lhs.callTimeout == rhs.callTimeout && lhs.maxAttempts == rhs.maxAttempts
    }
}
