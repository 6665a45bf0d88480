/// The `# HELP` text of every metric family the processes create through swift-metrics, whose Prometheus factory
/// registers families without one. ``PrometheusMetrics/exposition()`` adds the line from here before each family's
/// `# TYPE`; a family missing from this table gets its name in words (a test fails on any such family).
public enum MetricHelp {
    public static let texts: [String: String] = [
        "tagpulse_http_requests_total": "HTTP requests answered, by route template, method and status",
        "tagpulse_http_request_duration_seconds": "Time from a request's head to its response, by route template, method and status",
        "tagpulse_http_in_flight": "Requests being handled (router and event-loop paths)",
        "tagpulse_engine_call_duration_seconds": "Calls to the engine by method, from send to answer",
        "tagpulse_engine_errors_total": "Engine calls that failed, by method and stable error code",
        "tagpulse_engine_in_flight": "Calls to the engine awaiting their answer",
        "tagpulse_cache_lookups_total": "How cacheable requests were answered: hit, stale, miss, coalesced or bypass",
        "tagpulse_cache_hot_entries": "Entries in this instance's hot cache (recently hit, responses prepared)",
        "tagpulse_cache_hot_bytes": "Bytes this instance's hot cache counts against cache.hot_max_bytes",
        "tagpulse_ready": "1 when the last /readyz passed, else 0",
        "tagpulse_draining": "1 from SIGTERM until exit, else 0",
        "tagpulse_warm_items_total": "Warm-up items finished, by outcome (warmed, fresh, failed)",
        "tagpulse_ratelimit_decisions_total": "Rate-limit decisions by policy group and outcome",
        "tagpulse_redis_command_duration_seconds": "Redis command latency by client, one sample per send or pipeline",
        "tagpulse_redis_errors_total": "Redis commands that failed, by client and kind (timeout, connection, reply)",
        "tagpulse_trace_spans_dropped_total":
            "Spans not exported, by reason: queue_full (trace.otlp.queue_size reached) or export_failed (refused or unreachable after the retries)",
        "tagpulse_trace_spans_exported_total": "Spans the OpenTelemetry collector accepted",
    ]

    /// The family's help text, or its name in words when the table lacks it.
    public static func text(for family: String) -> String {
        self.texts[family] ?? family.split(separator: "_").joined(separator: " ")
    }
}
