/// The request directives of `Cache-Control` (RFC 9111 §5.2.1) that the gateway honours.
///
/// - `no-cache`: do not answer from the cache without asking the engine; the gateway refreshes (and the call
///   counts against the key's `analyses` limit).
/// - `max-age=N`: only a stored response at most N seconds old will do; `max-age=0` is therefore a refresh too.
/// - `no-store`: do not store the response produced for this request.
/// - `only-if-cached`: answer from the cache or not at all (504).
///
/// Names are case-insensitive, values may be tokens or quoted-strings, and anything unreadable (unknown
/// directives, `max-age=soon`, stray commas) is ignored rather than refused. A repeated `max-age` keeps the
/// smallest value; a value above 2147483648 is read as 2147483648 (RFC 9111 §1.2.2).
///
/// ```swift
/// let directives = CacheControlDirectives("No-Cache, max-age=\"60\"")
/// directives.noCache                             // true
/// directives.allowsStoredResponse(ageSeconds: 30) // false: no-cache wins
/// ```
public struct CacheControlDirectives: Sendable, Hashable {
    /// The largest `delta-seconds` value a recipient needs to keep (RFC 9111 §1.2.2).
    public static let maximumDeltaSeconds = 2_147_483_648

    public var noCache: Bool
    public var noStore: Bool
    public var onlyIfCached: Bool
    /// Seconds; nil when the request has no readable `max-age`.
    public var maxAge: Int?

    /// No directives: the cache may answer as it likes.
    public init(noCache: Bool = false, noStore: Bool = false, onlyIfCached: Bool = false, maxAge: Int? = nil) {
        self.noCache = noCache
        self.noStore = noStore
        self.onlyIfCached = onlyIfCached
        self.maxAge = maxAge
    }

    /// Reads a `Cache-Control` field value; nil (no header) gives no directives. Join several field lines with `", "`.
    public init(_ fieldValue: String?) {
        self.init()
        guard let fieldValue else { return }
        for element in HTTPFieldList.split(fieldValue[...], on: ",") {
            let (name, rawValue) = HTTPFieldList.nameAndValue(element)
            switch name {
            case "no-cache":
                self.noCache = true  // `no-cache="field"` is response syntax; a client sending it still means no-cache
            case "no-store":
                self.noStore = true
            case "only-if-cached":
                self.onlyIfCached = true
            case "max-age":
                guard let seconds = rawValue.flatMap(HTTPFieldList.unquote).flatMap(Self.deltaSeconds) else { continue }
                self.maxAge = min(self.maxAge ?? seconds, seconds)
            default:
                continue
            }
        }
    }

    /// True when the client wants the engine asked even if a fresh response is stored (`no-cache`, `max-age=0`).
    public var requiresRefresh: Bool { self.noCache || self.maxAge == 0 }

    /// Whether a stored entry with `head` may answer the request at `now` as far as these directives go: not after
    /// `no-cache` or `max-age=0`, and not when it is older than `max-age` (its age in whole seconds, as `Age` says it).
    public func accepts(_ head: CacheEntryHead, at now: Int64) -> Bool {
        !self.requiresRefresh && self.allowsStoredResponse(ageSeconds: head.state(at: now).ageSeconds ?? .max)
    }

    /// The earliest store time (ms) of an entry that may answer after a refresh these directives asked for: `now` for
    /// `no-cache` (only a new answer will do), else `max-age` seconds back (another request's fill that recent will
    /// do too).
    public func oldestAcceptableStore(at now: Int64) -> Int64 {
        guard !self.noCache, let maxAge = self.maxAge, maxAge > 0 else { return now }
        let (earliest, overflow) = now.subtractingReportingOverflow(Int64(maxAge) * 1000)
        return overflow ? .min : earliest
    }

    /// True when a stored response of this age (whole seconds, as in `Age`) may answer the request.
    public func allowsStoredResponse(ageSeconds: Int64) -> Bool {
        guard !self.noCache else { return false }
        guard let maxAge = self.maxAge else { return true }
        return ageSeconds <= Int64(maxAge)
    }

    /// `delta-seconds`: one or more digits, saturated at ``maximumDeltaSeconds``; nil when not digits.
    static func deltaSeconds(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var value = 0
        for digit in text.utf8 {
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
            if value >= Self.maximumDeltaSeconds { return Self.maximumDeltaSeconds }
        }
        return value
    }
}
