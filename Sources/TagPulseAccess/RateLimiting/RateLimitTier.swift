/// A named set of policies a key is put in (`free`, `standard`, `internal`, or any configured name).
public struct RateLimitTier: Sendable, Hashable {
    public var name: String
    /// Charged on every authenticated call.
    public var requests: [RatePolicy]
    /// Charged when a request reaches the engine (a cache miss): misses cost upstream money.
    public var analyses: [RatePolicy]

    public init(name: String, requests: [RatePolicy], analyses: [RatePolicy]) {
        self.name = name
        self.requests = requests
        self.analyses = analyses
    }
}
