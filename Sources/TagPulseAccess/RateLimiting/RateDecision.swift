/// The outcome of one rate-limit decision over several policies.
public struct RateDecision: Sendable, Equatable {
    /// One policy's state after the decision.
    public struct PolicyState: Sendable, Equatable {
        public var policy: RatePolicy
        public var allowed: Bool
        /// Requests still admissible right now.
        public var remaining: Int
        /// Milliseconds until the policy is back to its full burst.
        public var resetMilliseconds: Int
        /// Milliseconds until this request would fit (0 when allowed).
        public var retryAfterMilliseconds: Int

        public init(policy: RatePolicy, allowed: Bool, remaining: Int, resetMilliseconds: Int, retryAfterMilliseconds: Int) {
            self.policy = policy
            self.allowed = allowed
            self.remaining = remaining
            self.resetMilliseconds = resetMilliseconds
            self.retryAfterMilliseconds = retryAfterMilliseconds
        }
    }

    /// How the decision was taken when Redis could not take it.
    public enum Degradation: String, Sendable, Equatable {
        /// Per-instance GCRA at limit ÷ live instances.
        case local
        /// Admitted without a decision.
        case failOpen = "fail-open"
    }

    public var allowed: Bool
    public var policies: [PolicyState]
    /// nil for an exact (Redis) decision.
    public var degradation: Degradation?

    public init(allowed: Bool, policies: [PolicyState], degradation: Degradation? = nil) {
        self.allowed = allowed
        self.policies = policies
        self.degradation = degradation
    }

    /// Redis (or this instance's lease) took a charge for it: allowed, exact, over at least one window. Only such a
    /// decision is given back by a refund.
    public var tookCharge: Bool { self.allowed && self.degradation == nil && !self.policies.isEmpty }

    /// The policies that refused the request.
    public var violated: [PolicyState] { self.policies.filter { !$0.allowed } }

    /// Milliseconds until every violated policy admits the request (0 when allowed).
    public var retryAfterMilliseconds: Int { self.violated.map(\.retryAfterMilliseconds).max() ?? 0 }

    /// The policy closest to refusing (lowest remaining, then longest reset), for the single-policy
    /// `X-RateLimit-*` headers.
    public var tightest: PolicyState? {
        self.policies.min { lhs, rhs in
            lhs.remaining != rhs.remaining ? lhs.remaining < rhs.remaining : lhs.resetMilliseconds > rhs.resetMilliseconds
        }
    }

    /// A decision over no policies: allowed.
    public static let unlimited = RateDecision(allowed: true, policies: [])
}
