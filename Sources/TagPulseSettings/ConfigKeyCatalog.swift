/// The names of every key the TagPulse processes read, so that either process can tell a misspelt `TAGPULSE_…`
/// variable from one meant for the other process (one environment may serve both). Names only: each key's default,
/// range and aliases stay with the configuration code that reads it. The gateway's and the engine's tests check that
/// every key their configuration reads is listed here.
public enum ConfigKeyCatalog {
    /// Keys `tagpulse-gateway` reads (its `log.*` and `metrics.*` included). `ratelimit.tier.<name>.requests` and
    /// `.analyses` are matched as patterns.
    public static let gateway: Set<String> = [
        "auth.bootstrap_tier", "auth.cache_ttl_ms", "auth.negative_cache_size", "auth.negative_ttl_ms", "auth.stale_ttl_ms",
        "bootstrap_key", "cache.cluster_nodes", "cache.enabled", "cache.event_loop_hits", "cache.fresh_s", "cache.hot_max_bytes",
        "cache.hit_key_memo_entries", "cache.hot_max_stale_ms",
        "cache.lease_ms", "cache.max_entry_bytes", "cache.negative_s", "cache.redis_url", "cache.refresh_concurrency", "cache.sie_s",
        "cache.swr_s", "cors.origins", "engine.connect_timeout_ms", "engine.max_frame_bytes", "engine.pool_size",
        "engine.reconnect_max_ms", "engine.reconnect_min_ms", "engine.request_timeout_ms", "engine.socket", "engine.uid",
        "environment", "http.body_timeout_ms", "http.event_loop_body_bytes", "http.event_loops", "http.header_timeout_s",
        "http.host", "http.idle_timeout_s",
        "http.max_body_bytes", "http.max_header_bytes", "http.max_header_count", "http.max_in_flight",
        "http.max_in_flight_per_client", "http.port", "http.split_request_wait_ms", "instance.id", "log.format", "log.level", "metrics.enabled",
        "metrics.host",
        "metrics.port", "ratelimit.decision_timeout_ms", "ratelimit.default_tier", "ratelimit.degraded_mode", "ratelimit.ip",
        "ratelimit.ip_ipv6_prefix", "ratelimit.lease_max_slice", "ratelimit.lease_ms", "ratelimit.mode", "ratelimit.tiers",
        "ratelimit.upstream", "readiness.cache_ms", "redis.cluster_nodes", "redis.command_timeout_ms", "redis.key_prefix", "redis.pool_size",
        "redis.sentinel_master", "redis.sentinel_password", "redis.sentinels", "redis.url", "shutdown.drain_delay_ms",
        "shutdown.grace_period_ms", "trace.otlp.batch_size", "trace.otlp.endpoint", "trace.otlp.flush_interval_ms",
        "trace.otlp.headers", "trace.otlp.max_attempts", "trace.otlp.queue_size", "trace.otlp.sample_ratio", "trace.otlp.timeout_ms",
        "trusted_proxies", "usage.enabled", "usage.flush_interval_ms", "usage.max_buckets",
        "usage.retention_days", "warm.heartbeat_ms", "warm.item_timeout_ms", "warm.job_ttl_s",
        "warm.max_body_bytes", "warm.max_concurrency", "warm.max_items", "warm.max_queued_jobs", "warm.max_running_jobs",
        "warm.stall_after_ms",
    ]

    /// Keys `tagpulse-engine` reads (its `log.*` included).
    public static let engine: Set<String> = [
        "analyzer", "cleaning.drop_emoji_only", "cleaning.drop_generic_engagement", "cleaning.drop_spam", "corpus.path",
        "engine.default_deadline_ms", "engine.gateway_uid", "engine.max_concurrent_analyses", "engine.max_frame_bytes",
        "engine.max_queued_response_bytes", "engine.socket", "log.format", "log.level", "openai.allowed_models", "openai.api_key",
        "openai.base_url", "openai.comments_per_call", "openai.max_attempts", "openai.max_output_tokens", "openai.model",
        "openai.timeout_ms", "pipeline.analysis_concurrency", "pipeline.comment_concurrency", "pipeline.max_comment_pages",
        "pipeline.max_feed_pages", "provider", "tiktok.base_url", "tiktok.max_attempts", "tiktok.rapidapi_host",
        "tiktok.rapidapi_key", "tiktok.search_path", "tiktok.timeout_ms", "trace.otlp.batch_size", "trace.otlp.endpoint",
        "trace.otlp.flush_interval_ms", "trace.otlp.headers", "trace.otlp.max_attempts", "trace.otlp.queue_size",
        "trace.otlp.sample_ratio", "trace.otlp.timeout_ms", "upstream.http_threads",
    ]

    /// Variables that are not keys: the `tagpulse` CLI's, and those of the repository's own tools (`scripts/run`,
    /// `docker/compose.yaml`, the tests; the benchmarks' `TAGPULSE_BENCH_…` and the tests' `TAGPULSE_TEST_…` by prefix),
    /// which an operator may have exported for them.
    public static let otherVariables: Set<String> = [
        "TAGPULSE_CONFIG", "TAGPULSE_API_KEY", "TAGPULSE_GATEWAY_URL", "TAGPULSE_RUN_DIR", "TAGPULSE_REDIS_PORT",
        "TAGPULSE_APT_PACKAGES", "TAGPULSE_IMAGE", "TAGPULSE_PUBLIC_ADDRESS", "TAGPULSE_PUBLIC_PORT", "TAGPULSE_LB_ADDRESS",
        "TAGPULSE_EDGE_SUBNET", "TAGPULSE_REDIS_PASSWORD", "TAGPULSE_BIN_DIR", "TAGPULSE_EVAL_DIR", "TAGPULSE_WRITE_GOLDEN",
        "TAGPULSE_DUMP_TRAIN_FEATURES", "TAGPULSE_BUILD_COMMIT",
    ]
    static let otherPrefixes = ["TAGPULSE_TEST_", "TAGPULSE_BENCH_"]

    /// Every known environment name (`TAGPULSE_HTTP_PORT`, …).
    public static var environmentNames: Set<String> {
        Set(self.gateway.union(self.engine).map { ConfigKey($0).environmentName }).union(self.otherVariables)
    }

    /// True for a variable some TagPulse process or tool reads: a known name, a tool's prefix, or a tier's `TAGPULSE_RATELIMIT_TIER_<NAME>_REQUESTS`
    /// / `_ANALYSES`.
    public static func isKnown(environmentName name: String) -> Bool {
        if self.environmentNames.contains(name) || self.otherPrefixes.contains(where: name.hasPrefix) { return true }
        let tierPrefix = "TAGPULSE_RATELIMIT_TIER_"
        return name.hasPrefix(tierPrefix) && name.count > tierPrefix.count + "_REQUESTS".count
            && (name.hasSuffix("_REQUESTS") || name.hasSuffix("_ANALYSES"))
    }
}
