/// The gateway's member of a `Cache-Status` response field (RFC 9211): a Structured Field list item whose
/// value is the cache's name and whose parameters say how the request was handled.
///
/// A response either came from the cache (`hit`) or the request was forwarded to the engine (`fwd=<reason>`),
/// never both (RFC 9211 §2.1–2.2); ``Outcome`` makes that a choice. Parameters are written in a fixed order:
/// `hit` or `fwd`, `fwd-status`, `ttl`, `stored`, `collapsed`, `key`, `detail`.
///
/// ```swift
/// CacheStatus(.hit).headerValue                                            // TagPulse; hit
/// CacheStatus(.forward(.miss), stored: true).headerValue                   // TagPulse; fwd=miss; stored
/// CacheStatus(.hit, detail: "stale-while-revalidate").headerValue          // TagPulse; hit; detail=stale-while-revalidate
/// CacheStatus(.forward(.stale, status: 503), detail: "stale-if-error").headerValue
/// // TagPulse; fwd=stale; fwd-status=503; detail=stale-if-error
/// ```
public struct CacheStatus: Sendable, Hashable, CustomStringConvertible {
    /// The name the gateway reports as (an sf-token).
    public static let defaultCacheName = "TagPulse"

    /// Why the request went to the engine (RFC 9211 §2.2).
    public enum ForwardReason: String, Sendable, Hashable, CaseIterable {
        /// The cache was configured (or asked, e.g. by `no-store`) not to handle this request.
        case bypass
        /// The request method is not cacheable.
        case method
        /// Nothing was stored for the request's key.
        case uriMiss = "uri-miss"
        /// Something was stored, but its variant did not match.
        case varyMiss = "vary-miss"
        /// A miss the cache cannot classify further.
        case miss
        /// The client asked for it (`no-cache`, `max-age=0`, or a stored answer older than its `max-age`).
        case request
        /// The stored response was stale and had to be refreshed.
        case stale
        /// Only part of the response was stored.
        case partial
    }

    /// Whether the response came from the cache or from a forwarded request.
    public enum Outcome: Sendable, Hashable {
        /// Answered from the cache, without contacting the engine for this request.
        case hit
        /// Forwarded to the engine; `status` is the status the engine's answer mapped to (`fwd-status`), if any.
        case forward(ForwardReason, status: Int? = nil)
    }

    public var cacheName: String
    public var outcome: Outcome
    /// Seconds of freshness left (`ttl`); negative once stale.
    public var ttl: Int64?
    /// The forwarded response was stored (`stored`).
    public var stored: Bool
    /// The request waited for another request's engine call instead of making its own (`collapsed`).
    public var collapsed: Bool
    /// The cache key, for debugging (`key`).
    public var key: String?
    /// Implementation-specific detail (`detail`), e.g. `stale-while-revalidate`, `stale-if-error`, `redis-unavailable`.
    public var detail: String?

    public init(
        _ outcome: Outcome,
        ttl: Int64? = nil,
        stored: Bool = false,
        collapsed: Bool = false,
        key: String? = nil,
        detail: String? = nil,
        cacheName: String = CacheStatus.defaultCacheName
    ) {
        self.cacheName = cacheName
        self.outcome = outcome
        self.ttl = ttl
        self.stored = stored
        self.collapsed = collapsed
        self.key = key
        self.detail = detail
    }

    /// ``headerValue`` of a fresh hit by the default cache name, `TagPulse; hit; ttl=<seconds>`, built without the
    /// general serialiser (every cache hit sends one).
    public static func hitHeaderValue(ttl: Int64) -> String {
        Self.hitValuePrefix + String(ttl)
    }

    /// A hit's value up to its TTL (``hitHeaderValue(ttl:)`` is this and the TTL in decimal).
    public static let hitValuePrefix = Self.defaultCacheName + "; hit; ttl="

    /// The serialised list member, valid Structured Field syntax (RFC 9651).
    public var headerValue: String {
        var value = Self.bareItem(self.cacheName)
        switch self.outcome {
        case .hit:
            value += "; hit"
        case .forward(let reason, let status):
            value += "; fwd=" + reason.rawValue
            if let status { value += "; fwd-status=\(Self.clampedInteger(Int64(status)))" }
        }
        if let ttl { value += "; ttl=\(Self.clampedInteger(ttl))" }
        if self.stored { value += "; stored" }
        if self.collapsed { value += "; collapsed" }
        if let key { value += "; key=" + Self.string(key) }
        if let detail { value += "; detail=" + Self.bareItem(detail) }
        return value
    }

    public var description: String { self.headerValue }

    /// An sf-token when `text` is one (`ALPHA / "*"` first, then `tchar / ":" / "/"`), else an sf-string.
    static func bareItem(_ text: String) -> String {
        Self.isStructuredToken(text) ? text : Self.string(text)
    }

    /// An sf-string: quoted, `"` and `\` escaped; characters outside printable ASCII become `?`, which the
    /// syntax cannot carry.
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\":
                result += "\\" + String(scalar)
            case " "..."~":
                result.unicodeScalars.append(scalar)
            default:
                result += "?"
            }
        }
        return result + "\""
    }

    static func isStructuredToken(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        let firstIsValid =
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
            || first == UInt8(ascii: "*")
        return firstIsValid
            && text.utf8.dropFirst().allSatisfy { HTTPFieldList.isTokenByte($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
    }

    /// sf-integers have at most 15 digits.
    static func clampedInteger(_ value: Int64) -> Int64 {
        min(max(value, -999_999_999_999_999), 999_999_999_999_999)
    }
}
