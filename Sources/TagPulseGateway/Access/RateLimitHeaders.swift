import HTTPTypes
import Synchronization
import TagPulseAccess

/// The rate-limit response headers: `RateLimit-Policy` and `RateLimit` as in draft-ietf-httpapi-ratelimit-headers
/// (structured-field lists, one item per policy window: `"requests-60s";q=600;w=60` and
/// `"requests-60s";r=599;t=1`), and the older `X-RateLimit-Limit/Remaining/Reset` for the tightest window.
/// `Retry-After` is set by the 429 problem itself.
enum RateLimitHeaders {
    static let policy = HTTPField.Name("RateLimit-Policy")!
    static let rateLimit = HTTPField.Name("RateLimit")!
    static let limit = HTTPField.Name("X-RateLimit-Limit")!
    static let remaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let reset = HTTPField.Name("X-RateLimit-Reset")!
    /// Set when a decision was taken without Redis: `ratelimit=local` or `ratelimit=fail-open`.
    static let degraded = HTTPField.Name("TagPulse-Degraded")!

    /// Adds the headers for `decision`, appending to lists already present (a miss reports its `analyses`
    /// windows after the `requests` ones).
    static func add(_ decision: RateDecision, to headers: inout HTTPFields) {
        Self.forEach(decision) { name, value in
            if name == Self.policy || name == Self.rateLimit {
                Self.append(value, to: name, in: &headers)
            } else {
                headers[name] = value
            }
        }
    }

    /// As ``add(_:to:)`` for fields that carry none of these yet (a hit's own fields): appended, never looked up.
    /// A hit answers tens of thousands of requests a second; the look-ups and replacements were a fifth of its
    /// answer's cost.
    static func append(_ decision: RateDecision, to fields: inout HTTPFields) {
        Self.forEach(decision) { fields.append(HTTPField(name: $0, value: $1)) }
    }

    /// Each field for `decision`, in order: the degradation, the two lists, the tightest window's three. The one
    /// place these values are made, for ``add(_:to:)``, ``append(_:to:)`` and the hit front's HTTP/1 lines.
    static func forEach(_ decision: RateDecision, _ body: (HTTPField.Name, String) -> Void) {
        if let degradation = decision.degradation { body(Self.degraded, "ratelimit=" + degradation.rawValue) }
        guard !decision.policies.isEmpty else { return }
        let described = Self.described(decision.policies.map(\.policy))
        var states = ""
        for (index, state) in decision.policies.enumerated() {
            if index > 0 { states += ", " }
            states += described.quotedNames[index] + ";r=" + String(state.remaining) + ";t=" + String(Self.seconds(state.resetMilliseconds))
        }
        body(Self.policy, described.policyHeader)
        body(Self.rateLimit, states)
        let tightest = decision.violated.max { $0.retryAfterMilliseconds < $1.retryAfterMilliseconds } ?? decision.tightest
        if let tightest {
            body(Self.limit, String(tightest.policy.limit))
            body(Self.remaining, String(tightest.remaining))
            body(Self.reset, String(Self.seconds(tightest.allowed ? tightest.resetMilliseconds : tightest.retryAfterMilliseconds)))
        }
    }

    /// `RateLimit-Policy`'s value and each policy's quoted name, built once per set of policies (the hit path answers
    /// tens of thousands of requests a second with a handful of tiers). Bounded: when full it starts afresh.
    private static func described(_ policies: [RatePolicy]) -> (policyHeader: String, quotedNames: [String]) {
        if let known = Self.descriptions.withLock({ $0[policies] }) { return known }
        let quoted = policies.map { "\"" + $0.name + "\"" }
        let header = zip(quoted, policies).map { $0 + ";q=\($1.limit);w=\($1.windowSeconds)" }.joined(separator: ", ")
        Self.descriptions.withLock { descriptions in
            if descriptions.count >= 256 { descriptions.removeAll(keepingCapacity: true) }
            descriptions[policies] = (header, quoted)
        }
        return (header, quoted)
    }

    private static let descriptions = Mutex<[[RatePolicy]: (policyHeader: String, quotedNames: [String])]>([:])

    /// Milliseconds as whole seconds, rounded up (a client waiting that long is never early).
    static func seconds(_ milliseconds: Int) -> Int { (milliseconds + 999) / 1000 }

    private static func append(_ value: String, to name: HTTPField.Name, in headers: inout HTTPFields) {
        if let existing = headers[name], !existing.isEmpty {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
    }

    /// The requests windows first, then what the response or error already reports (the `analyses` windows of a
    /// miss); `X-RateLimit-*` describe whichever window has fewer requests left.
    static func merge(_ decision: RateDecision, into existing: HTTPFields) -> HTTPFields {
        var headers = existing
        var own = HTTPFields()
        Self.add(decision, to: &own)
        for name in [Self.policy, Self.rateLimit] {
            guard let value = own[name] else { continue }
            headers[name] = existing[name].map { value + ", " + $0 } ?? value
        }
        let existingRemaining = existing[Self.remaining].flatMap { Int($0) } ?? Int.max
        let ownRemaining = own[Self.remaining].flatMap { Int($0) } ?? Int.max
        if ownRemaining <= existingRemaining {
            for name in [Self.limit, Self.remaining, Self.reset] { headers[name] = own[name] }
        }
        if let degraded = own[Self.degraded] { headers[Self.degraded] = degraded }
        return headers
    }
}
