import Foundation
import TagPulseHTTPClient
import TagPulseWire

/// The real source: the RapidAPI TikTok scraper over libcurl (spec §4), through ``UpstreamCaller`` (breaker,
/// timeouts, retries). Pages come back verbatim for the shared lenient decoding.
///
/// - hashtag feed: `GET /challenge/{name}/feed[?max_cursor=…]`
/// - account feed: `GET /user/{name}/feed?count=N[&cursor=…]`
/// - search feed: `GET <search path with {query}>[?cursor=…]`
/// - comments: `GET /comments/{aweme_id}[?max_cursor=…]`
struct RapidAPISource: VideoSource {
    let configuration: RapidAPIConfiguration
    let caller: UpstreamCaller
    /// Videos asked for per account page.
    var accountPageSize = 30

    var name: String { "rapidapi" }

    func feedPage(kind: AnalysisKind, target: String, cursor: String?) async throws -> Data {
        let encoded = Self.component(target)
        let url: String
        switch kind {
        case .hashtag:
            url = self.configuration.baseURL + "/challenge/\(encoded)/feed" + Self.query(["max_cursor": cursor])
        case .account:
            url = self.configuration.baseURL + "/user/\(encoded)/feed" + Self.query(["count": String(self.accountPageSize), "cursor": cursor])
        case .search:
            let path = self.configuration.searchPath.replacingOccurrences(of: "{query}", with: encoded)
            url = self.configuration.baseURL + path + Self.query(["cursor": cursor], joiner: path.contains("?") ? "&" : "?")
        }
        let response = try await self.get(url)
        switch response.status {
        case 200..<300:
            return Data(response.body)
        case 404:
            throw WireError(code: .targetNotFound, message: "the TikTok source has no \(kind.rawValue) \"\(target)\"")
        default:
            throw Self.refusal(response.status)
        }
    }

    func commentPage(videoID: String, cursor: String?) async throws -> Data {
        guard !videoID.isEmpty, videoID.allSatisfy(\.isNumber) else {
            throw WireError(code: .upstreamError, message: "video ids must be numeric for the comments endpoint")
        }
        let response = try await self.get(self.configuration.baseURL + "/comments/\(videoID)" + Self.query(["max_cursor": cursor]))
        guard (200..<300).contains(response.status) else { throw Self.refusal(response.status) }
        return Data(response.body)
    }

    private func get(_ url: String) async throws -> UpstreamHTTPResponse {
        try await self.caller.call(
            UpstreamHTTPRequest(
                url: url,
                headers: [("x-rapidapi-key", self.configuration.key), ("x-rapidapi-host", self.configuration.host), ("Accept", "application/json")],
                timeout: self.configuration.callTimeout
            )
        )
    }

    /// A 4xx other than 404 and 429: our request or our credentials are wrong; retrying will not help.
    static func refusal(_ status: Int) -> WireError {
        let reason = status == 401 || status == 403 ? "refused the configured credentials" : "refused the request"
        return WireError(code: .upstreamError, message: "the TikTok source \(reason) (HTTP \(status))")
    }

    /// One path segment or query value: every byte but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`)
    /// percent-encoded, so a target can add no segment, parameter or fragment (`shoes&count=1000` stays one value);
    /// a whole segment of `.` or `..` is written `%2E`/`%2E%2E`, which no client or server folds into a dot segment.
    static func component(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func query(_ items: KeyValuePairs<String, String?>, joiner: String = "?") -> String {
        let parts = items.compactMap { key, value in value.map { "\(Self.component(key))=\(Self.component($0))" } }
        return parts.isEmpty ? "" : joiner + parts.joined(separator: "&")
    }
}
