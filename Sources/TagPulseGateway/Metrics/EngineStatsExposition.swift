import TagPulseTelemetry
import TagPulseWire

/// The engine's counters, fetched over its `stats` method at scrape time, as Prometheus text: the engine has no
/// listener of its own (Unix socket only), so its gateway exports them.
enum EngineStatsExposition {
    /// `stats` is nil when the engine did not answer: only `tagpulse_engine_up 0` is written then.
    static func render(_ stats: EngineStats?) -> String {
        var text = PrometheusText()
        text.family("tagpulse_engine_up", .gauge, help: "1 when the engine answered its stats call at this scrape")
        text.sample("tagpulse_engine_up", [], stats == nil ? 0 : 1)
        guard let stats else { return text.text }
        text.family("tagpulse_engine_requests_total", .counter, help: "Frames the engine received since it started")
        text.sample("tagpulse_engine_requests_total", [], Double(stats.requestsTotal))
        text.family("tagpulse_engine_request_errors_total", .counter, help: "Error responses of the engine by stable code")
        for code in stats.errorsTotal.keys.sorted() {
            text.sample("tagpulse_engine_request_errors_total", [("code", code)], Double(stats.errorsTotal[code] ?? 0))
        }
        text.family("tagpulse_engine_analyses_in_flight", .gauge, help: "Analyses the engine is running")
        text.sample("tagpulse_engine_analyses_in_flight", [], Double(stats.inFlight))
        text.family("tagpulse_engine_analyses_capacity", .gauge, help: "Analyses the engine runs at once before refusing")
        text.sample("tagpulse_engine_analyses_capacity", [], Double(stats.maxConcurrentAnalyses))
        text.family("tagpulse_engine_connections", .gauge, help: "Gateway connections open on the engine's socket")
        text.sample("tagpulse_engine_connections", [], Double(stats.connections))
        text.family("tagpulse_engine_uptime_seconds", .gauge, help: "Seconds since the engine started")
        text.sample("tagpulse_engine_uptime_seconds", [], stats.uptimeSeconds)
        let upstreams = stats.upstreams ?? [:]
        text.family("tagpulse_engine_upstream_calls_total", .counter, help: "Upstream call attempts by upstream and outcome")
        for name in upstreams.keys.sorted() {
            let calls = upstreams[name]?.calls ?? [:]
            for outcome in calls.keys.sorted() {
                text.sample("tagpulse_engine_upstream_calls_total", [("upstream", name), ("outcome", outcome)], Double(calls[outcome] ?? 0))
            }
        }
        text.family("tagpulse_engine_circuit_state", .gauge, help: "Upstream circuit breaker: 1 for the state it is in, 0 for the others")
        for name in upstreams.keys.sorted() {
            let current = Self.circuitState(upstreams[name]?.circuit)
            for state in Self.circuitStates {
                text.sample("tagpulse_engine_circuit_state", [("upstream", name), ("state", state)], state == current ? 1 : 0)
            }
        }
        stats.process?.render(into: &text, prefix: "tagpulse_engine_")
        return text.text
    }

    /// The breaker's states, as the `state` label writes them (a state set, one series each).
    static let circuitStates = ["closed", "open", "half_open"]

    static func circuitState(_ state: String?) -> String {
        switch state {
        case "open": "open"
        case "half_open": "half_open"
        default: "closed"
        }
    }
}
