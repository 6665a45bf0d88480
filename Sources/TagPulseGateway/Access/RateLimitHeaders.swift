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
    /// place these values are made, for ``add(_:to:)``, ``append(_:to:)`` and ``HTTP1HeadWriter/writeRateLimitFields(_:)``
    /// (which writes the same values as bytes, without building the strings).
    static func forEach(_ decision: RateDecision, _ body: (HTTPField.Name, String) -> Void) {
        if let degradation = decision.degradation { body(Self.degraded, Self.degradedValue(degradation)) }
        guard !decision.policies.isEmpty else { return }
        let described = Self.described(decision.policies)
        var states = ""
        for (index, state) in decision.policies.enumerated() {
            if index > 0 { states += Self.listSeparator }
            states +=
                described.quotedNames[index] + Self.remainingParameter + String(state.remaining) + Self.resetParameter
                + String(Self.seconds(state.resetMilliseconds))
        }
        body(Self.policy, described.policyHeader)
        body(Self.rateLimit, states)
        if let tightest = Self.tightest(decision) {
            body(Self.limit, String(tightest.policy.limit))
            body(Self.remaining, String(tightest.remaining))
            body(Self.reset, String(Self.resetSeconds(tightest)))
        }
    }

    static let listSeparator = ", "
    static let remainingParameter = ";r="
    static let resetParameter = ";t="

    static func degradedValue(_ degradation: RateDecision.Degradation) -> String { "ratelimit=" + degradation.rawValue }

    /// The window `X-RateLimit-*` describe: the refusing window that frees up last, else the one with fewest left.
    static func tightest(_ decision: RateDecision) -> RateDecision.PolicyState? {
        decision.violated.max { $0.retryAfterMilliseconds < $1.retryAfterMilliseconds } ?? decision.tightest
    }

    /// `X-RateLimit-Reset`: when the window is full again, or (refused) when the request would fit.
    static func resetSeconds(_ state: RateDecision.PolicyState) -> Int {
        Self.seconds(state.allowed ? state.resetMilliseconds : state.retryAfterMilliseconds)
    }

    /// `RateLimit-Policy`'s value and each policy's quoted name.
    struct Description: Sendable {
        var policyHeader: String
        var quotedNames: [String]
    }

    /// The description of the policies of `states`, built once per set of policies (the hit path answers tens of
    /// thousands of requests a second with a handful of tiers). The set described last is compared in place, with no
    /// array built and no hashing; other sets come from a bounded table (when full it starts afresh).
    static func described(_ states: [RateDecision.PolicyState]) -> Description {
        let known = Self.descriptions.withLock { cache -> Description? in
            // Compared by index, each state's policy read in place (a `zip` copied every state in and out).
            if let last = cache.lastDescription, cache.lastPolicies.count == states.count {
                var same = true
                for index in states.indices where states[index].policy != cache.lastPolicies[index] {
                    same = false
                    break
                }
                if same { return last }
            }
            let policies = states.map(\.policy)
            guard let found = cache.all[policies] else { return nil }
            cache.lastPolicies = policies
            cache.lastDescription = found
            return found
        }
        if let known { return known }
        let policies = states.map(\.policy)
        let quoted = policies.map { "\"" + $0.name + "\"" }
        let header = zip(quoted, policies).map { $0 + ";q=\($1.limit);w=\($1.windowSeconds)" }.joined(separator: Self.listSeparator)
        let description = Description(policyHeader: header, quotedNames: quoted)
        Self.descriptions.withLock { cache in
            if cache.all.count >= 256 { cache.all.removeAll(keepingCapacity: true) }
            cache.all[policies] = description
            cache.lastPolicies = policies
            cache.lastDescription = description
        }
        return description
    }

    private struct Descriptions {
        /// The set described last and its description (nil: none yet).
        var lastPolicies: [RatePolicy] = []
        var lastDescription: Description?
        var all: [[RatePolicy]: Description] = [:]
    }

    private static let descriptions = Mutex(Descriptions())

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
