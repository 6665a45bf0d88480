/// One upstream's figures in `stats`: call attempts by outcome (`ok`, `client_error`, `rate_limited`, `error`,
/// `timeout`, `rejected`) and its circuit breaker's state (`closed`, `half_open`, `open`).
public struct UpstreamStats: Codable, Sendable, Equatable {
    public var calls: [String: Int]
    public var circuit: String

    public init(calls: [String: Int], circuit: String) {
        self.calls = calls
        self.circuit = circuit
    }
}
