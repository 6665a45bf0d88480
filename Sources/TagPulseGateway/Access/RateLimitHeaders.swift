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
        let values = Self.values(decision)
        if let degraded = values.degraded { headers[Self.degraded] = degraded }
        guard let lists = values.lists else { return }
        Self.append(lists.policy, to: Self.policy, in: &headers)
        Self.append(lists.states, to: Self.rateLimit, in: &headers)
        if let tightest = values.tightest {
            headers[Self.limit] = tightest.limit
            headers[Self.remaining] = tightest.remaining
            headers[Self.reset] = tightest.reset
        }
    }

    /// As ``add(_:to:)`` for fields that carry none of these yet (a hit's own fields): appended, never looked up.
    /// A hit answers tens of thousands of requests a second; the look-ups and replacements were a fifth of its
    /// answer's cost.
    static func append(_ decision: RateDecision, to fields: inout HTTPFields) {
        let values = Self.values(decision)
        if let degraded = values.degraded { fields.append(HTTPField(name: Self.degraded, value: degraded)) }
        guard let lists = values.lists else { return }
        fields.append(HTTPField(name: Self.policy, value: lists.policy))
        fields.append(HTTPField(name: Self.rateLimit, value: lists.states))
        if let tightest = values.tightest {
            fields.append(HTTPField(name: Self.limit, value: tightest.limit))
            fields.append(HTTPField(name: Self.remaining, value: tightest.remaining))
            fields.append(HTTPField(name: Self.reset, value: tightest.reset))
        }
    }

    /// The field values for `decision`: the degradation, the two lists, the tightest window's three.
    static func values(_ decision: RateDecision) -> (
        degraded: String?, lists: (policy: String, states: String)?, tightest: (limit: String, remaining: String, reset: String)?
    ) {
        let degraded = decision.degradation.map { "ratelimit=" + $0.rawValue }
        guard !decision.policies.isEmpty else { return (degraded, nil, nil) }
        let described = Self.described(decision.policies.map(\.policy))
        var states = ""
        for (index, state) in decision.policies.enumerated() {
            if index > 0 { states += ", " }
            states += described.quotedNames[index] + ";r=" + String(state.remaining) + ";t=" + String(Self.seconds(state.resetMilliseconds))
        }
        let tightest = decision.violated.max { $0.retryAfterMilliseconds < $1.retryAfterMilliseconds } ?? decision.tightest
        let tightestValues = tightest.map {
            (String($0.policy.limit), String($0.remaining), String(Self.seconds($0.allowed ? $0.resetMilliseconds : $0.retryAfterMilliseconds)))
        }
        return (degraded, (described.policyHeader, states), tightestValues)
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
