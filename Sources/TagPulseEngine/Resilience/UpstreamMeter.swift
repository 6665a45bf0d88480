import Synchronization
import TagPulseWire

/// Counts one upstream's call attempts by outcome and reads its circuit breaker, for `stats` (the gateway exports
/// both as `tagpulse_engine_upstream_calls_total` and `tagpulse_engine_circuit_state`).
final class UpstreamMeter: Sendable {
    /// How one attempt ended. A retried call counts each attempt.
    enum Outcome: String, Sendable, CaseIterable {
        /// 2xx.
        case ok
        /// Another 4xx (a 404 for an unknown hashtag): an answer, not a failure of the upstream.
        case clientError = "client_error"
        /// 429.
        case rateLimited = "rate_limited"
        /// 408, 5xx, or the connection failed.
        case error
        /// No answer within the call's timeout.
        case timeout
        /// Not sent: the circuit breaker is open.
        case rejected
    }

    let name: String
    let breaker: CircuitBreaker
    private let counts = Mutex<[Outcome: Int]>([:])

    init(name: String, breaker: CircuitBreaker) {
        self.name = name
        self.breaker = breaker
    }

    func record(_ outcome: Outcome) {
        self.counts.withLock { $0[outcome, default: 0] += 1 }
    }

    var snapshot: UpstreamStats {
        let counts = self.counts.withLock { $0 }
        return UpstreamStats(
            calls: Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
            circuit: self.breaker.state.rawValue
        )
    }
}
