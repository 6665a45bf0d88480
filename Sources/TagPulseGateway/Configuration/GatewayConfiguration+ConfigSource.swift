import Foundation
import NIOCore
import TagPulseAccess
import TagPulseRedis
import TagPulseSettings
import TagPulseWire

extension GatewayConfiguration {
    /// The keys the gateway reads. File key → environment variable (`TAGPULSE_` + upper-cased, `.` → `_`):
    ///
    /// | key | default | meaning |
    /// |---|---|---|
    /// | `http.host` | `127.0.0.1` | public listener address |
    /// | `http.port` (also `PORT`, the original's) | 8080 | public listener port, 0–65535 (0 picks a free port) |
    /// | `http.max_body_bytes` | 65536 | largest request body, 1 KiB–8 MiB |
    /// | `http.idle_timeout_s` | 30 | idle keep-alive timeout, 1–3600 |
    /// | `engine.socket` | `$XDG_RUNTIME_DIR/tagpulse/engine.sock`, else `/tmp/tagpulse-<uid>/engine.sock` | the engine's Unix socket (the engine's default) |
    /// | `engine.uid` | this process's uid | the uid the engine must run as (`SO_PEERCRED`), 0–4294967294 |
    /// | `engine.pool_size` | 2 | connections to the engine, 1–64 |
    /// | `engine.connect_timeout_ms` | 500 | 10–10000 |
    /// | `engine.request_timeout_ms` | 30000 | an analysis's deadline, 100–600000 |
    /// | `engine.max_frame_bytes` | 33554432 (`EngineFrameDecoder.defaultMaximumFrameBytes`, as the engine) | 1 KiB–64 MiB; sent with each request, so the engine answers `RESULT_TOO_LARGE` rather than a larger frame |
    /// | `engine.reconnect_min_ms` / `engine.reconnect_max_ms` | 50 / 1000 | reconnect backoff bounds (a restarted engine is back in use within the max) |
    /// | `redis.url` | `redis://127.0.0.1:6379/0` | control Redis: `redis://[user[:password]@]host[:port][/db]` or `unix:///path?db=N` |
    /// | `redis.pool_size` | 2 | connections, 1–64 (callers are pipelined on them) |
    /// | `redis.command_timeout_ms` | 1000 | per command, 1–60000 |
    /// | `bootstrap_key` (also `SERVICE_API_KEY`) | none | full-scope key, ≥ 16 characters; the README's demo key only with a loopback `http.host` |
    /// | `redis.key_prefix` | `tp:` | prefix of every Redis key and channel |
    /// | `redis.sentinels` | none | comma-separated sentinels `host:port`; the control Redis is then their master |
    /// | `redis.sentinel_master` / `redis.sentinel_password` | `mymaster` / none | the monitored name; the sentinels' password |
    /// | `redis.cluster_nodes` | none | comma-separated seed nodes `host:port`; the control Redis is then that Redis Cluster (not with `redis.sentinels`) |
    /// | `auth.bootstrap_tier` | `internal` | the bootstrap key's tier |
    /// | `auth.cache_ttl_ms` / `auth.negative_ttl_ms` | 5000 / 1000 | how long a key record (or "no such key") is cached |
    /// | `auth.negative_cache_size` | 10000 | most unknown key ids cached per instance (LRU, apart from valid keys), 1–1000000 |
    /// | `auth.stale_ttl_ms` | 300000 | how long a cached record still works while Redis is unreachable |
    /// | `ratelimit.tiers` | `free,standard,internal` | tier names; each has the two keys below |
    /// | `ratelimit.tier.<name>.requests` | per tier (free `60/min,1000/day`, standard `600/min`, internal `100000/min`) | windows charged on every call |
    /// | `ratelimit.tier.<name>.analyses` | per tier (free `10/min`, standard `60/min`, internal `600/min`) | windows charged on engine calls |
    /// | `ratelimit.default_tier` | `free` | tier of keys created without one |
    /// | `ratelimit.ip` | `120/min` | per client IP, for unauthenticated and failed-auth requests |
    /// | `ratelimit.ip_ipv6_prefix` | 64 | IPv6 clients count by their network of this many bits for `ratelimit.ip`, 32–128 |
    /// | `ratelimit.upstream` | `60000/min` | the fleet's budget of estimated upstream calls (`AnalysisCost`), shared by all keys |
    /// | `ratelimit.degraded_mode` | `local` | `local`, `fail_open` or `fail_closed` when Redis cannot decide |
    /// | `ratelimit.decision_timeout_ms` | 25 | how long a decision waits for Redis, 1–5000 |
    /// | `instance.id` | host-pid-random | this instance's name in the fleet registry |
    /// | `cache.enabled` | true | cache analysis responses in Redis |
    /// | `cache.fresh_s` / `cache.swr_s` / `cache.sie_s` | 900 / 3600 / 86400 | fresh, stale-while-revalidate, stale-if-error windows |
    /// | `cache.negative_s` | 60 | how long "nothing to analyse" is cached |
    /// | `cache.max_entry_bytes` | 4194304 | largest compressed entry stored |
    /// | `cache.lease_ms` | engine.request_timeout_ms + 5000 | fill lease; must exceed the request timeout |
    /// | `cache.refresh_concurrency` | 4 | background refreshes at once per instance |
    /// | `cache.redis_url` | none (control Redis) | a separate Redis for entries (may evict) |
    /// | `cache.cluster_nodes` | none | comma-separated seed nodes: entries live on that Redis Cluster (`cache.redis_url` then gives only credentials) |
    /// | `cache.event_loop_hits` | true | answer fresh hits (GET and POST forms) on the event loop (decisions 0001, 0003) |
    /// | `cache.hot_max_bytes` | 67108864 | in-process cache memory: 7/8 hot cache (hit entries), 1/8 inflated bodies; 0 = off |
    /// | `cache.hit_key_memo_entries` | 10000 | requests (path, or path and POST body) remembered with their cache key on the hit path, 2–1000000 |
    /// | `cache.hot_max_stale_ms` | 1000 | leased mode: a hot entry unconfirmed by Redis this long is checked again, 10–60000 |
    /// | `http.event_loop_body_bytes` | 16384 | largest analysis POST body read on the event loop to find a hit, 0–1 MiB |
    /// | `ratelimit.mode` | `exact` | `exact` (one script call per request) or `leased` (slices decided from memory) |
    /// | `ratelimit.lease_ms` / `ratelimit.lease_max_slice` | 1000 / 256 | leased mode: a slice's lifetime and largest size |
    /// | `warm.max_items`, `warm.max_concurrency`, `warm.max_running_jobs`, `warm.max_queued_jobs`, `warm.job_ttl_s`, `warm.item_timeout_ms`, `warm.max_body_bytes`, `warm.heartbeat_ms`, `warm.stall_after_ms` | see `GatewayConfiguration+Warm.swift` | warm-up jobs |
    /// | `usage.enabled`, `usage.flush_interval_ms`, `usage.retention_days`, `usage.max_buckets` | see `GatewayConfiguration+Usage.swift` | usage per client |
    /// | `trusted_proxies` | empty | comma-separated CIDRs (bare address = one host) whose `X-Forwarded-For` is believed |
    /// | `cors.origins` | empty (CORS off) | comma-separated exact origins `scheme://host[:port]`, or `*` alone |
    /// | `http.max_in_flight` | 1024 | concurrent requests per instance before 503 `OVERLOADED`, 1–100000 |
    /// | `http.max_in_flight_per_client` | `http.max_in_flight` ÷ 4 | concurrent requests per client per instance before 429 `TOO_MANY_IN_FLIGHT`, 1–100000 |
    /// | `http.body_timeout_ms` | 10000 | from a request's head to the end of its body before 408 `BODY_TIMEOUT`, 100–300000 |
    /// | `http.split_request_wait_ms` | 10 | how long the hit front holds a request split across reads for its rest, 0–1000 |
    /// | `http.header_timeout_s` | 10 | from a request's first byte to the end of its head, 1–300 |
    /// | `http.max_header_count` | 100 | header fields per request before 431, 8–1000 |
    /// | `http.max_header_bytes` | 16384 | header bytes per request before 431, 1024–65536 |
    /// | `metrics.enabled` | true | serve `/metrics` on the admin listener |
    /// | `metrics.host` / `metrics.port` | `127.0.0.1` / 9464 | the admin listener (Prometheus scrapes it; keep it private) |
    /// | `shutdown.drain_delay_ms` | 5000 | after SIGTERM, `/readyz` fails and responses say `Connection: close` this long before the listener closes, 0–300000 |
    /// | `readiness.cache_ms` | 1000 | how long `/readyz` reuses its checks' results, 0–60000 |
    /// | `shutdown.grace_period_ms` | 20000 | then in-flight requests get this long to finish, 100–600000 |
    /// | `trace.otlp.endpoint`, `trace.otlp.headers`, `trace.otlp.sample_ratio`, `trace.otlp.batch_size`, `trace.otlp.flush_interval_ms`, `trace.otlp.queue_size`, `trace.otlp.timeout_ms`, `trace.otlp.max_attempts` | see `TraceExportSettings` | span export to an OpenTelemetry collector (off by default) |
    public enum Keys {
        public static let httpHost = ConfigKey("http.host")
        public static let httpPort = ConfigKey("http.port", aliases: ["PORT"])
        public static let maxBodyBytes = ConfigKey("http.max_body_bytes")
        public static let idleTimeout = ConfigKey("http.idle_timeout_s")
        public static let engineSocket = ConfigKey("engine.socket")
        public static let engineUID = ConfigKey("engine.uid")
        public static let enginePoolSize = ConfigKey("engine.pool_size")
        public static let engineConnectTimeout = ConfigKey("engine.connect_timeout_ms")
        public static let engineRequestTimeout = ConfigKey("engine.request_timeout_ms")
        public static let engineMaxFrameBytes = ConfigKey("engine.max_frame_bytes")
        public static let engineReconnectMin = ConfigKey("engine.reconnect_min_ms")
        public static let engineReconnectMax = ConfigKey("engine.reconnect_max_ms")
        public static let redisURL = ConfigKey("redis.url", secret: true)
        public static let redisPoolSize = ConfigKey("redis.pool_size")
        public static let redisCommandTimeout = ConfigKey("redis.command_timeout_ms")
        public static let bootstrapKey = ConfigKey("bootstrap_key", aliases: ["SERVICE_API_KEY"], secret: true)
        public static let trustedProxies = ConfigKey("trusted_proxies")
        public static let corsOrigins = ConfigKey("cors.origins")
        public static let maxInFlight = ConfigKey("http.max_in_flight")
        public static let headerTimeout = ConfigKey("http.header_timeout_s")
        public static let maxHeaderCount = ConfigKey("http.max_header_count")
        public static let eventLoops = ConfigKey("http.event_loops")
        public static let maxHeaderBytes = ConfigKey("http.max_header_bytes")
        public static let drainDelay = ConfigKey("shutdown.drain_delay_ms")
        public static let gracePeriod = ConfigKey("shutdown.grace_period_ms")
    }

    public init(source: ConfigSource) throws(ConfigurationError) {
        self.init()
        self.httpHost = source.string(Keys.httpHost, default: self.httpHost)
        guard !self.httpHost.isEmpty else {
            throw ConfigurationError(key: source.origin(of: Keys.httpHost) ?? Keys.httpHost.environmentName, message: "must not be empty")
        }
        self.httpPort = try source.int(Keys.httpPort, default: self.httpPort, range: 0...65535)
        self.maxBodyBytes = try source.int(Keys.maxBodyBytes, default: self.maxBodyBytes, range: 1024...(8 << 20))
        self.idleTimeout = try source.seconds(Keys.idleTimeout, default: self.idleTimeout, range: 1...3600)
        if source.raw(Keys.eventLoops) != nil {
            self.eventLoops = try source.int(Keys.eventLoops, default: 1, range: 1...256)
        } else {
            source.noteDefault(Keys.eventLoops, "\(System.coreCount) (one per core)")
        }
        let socket = source.string(Keys.engineSocket, default: EngineSocketLocation.defaultPath(environment: source.environment))
        guard socket.hasPrefix("/"), socket.utf8.count <= 100 else {
            throw ConfigurationError(
                key: source.origin(of: Keys.engineSocket) ?? Keys.engineSocket.environmentName,
                message: "must be an absolute path of at most 100 bytes"
            )
        }
        let defaults = self.engine
        let reconnectMin = try source.milliseconds(Keys.engineReconnectMin, default: defaults.reconnectMinimum, range: 1...60_000)
        let reconnectMax = try source.milliseconds(Keys.engineReconnectMax, default: defaults.reconnectMaximum, range: 1...600_000)
        guard reconnectMax >= reconnectMin else {
            throw ConfigurationError(
                key: source.origin(of: Keys.engineReconnectMax) ?? Keys.engineReconnectMax.environmentName,
                message: "must be at least engine.reconnect_min_ms (\(Int(reconnectMin / .milliseconds(1))))"
            )
        }
        self.engine = EngineClientConfiguration(
            socketPath: socket,
            engineUID: UInt32(try source.int(Keys.engineUID, default: Int(PeerCredentials.currentUID), range: 0...Int(UInt32.max - 1))),
            poolSize: try source.int(Keys.enginePoolSize, default: defaults.poolSize, range: 1...64),
            connectTimeout: try source.milliseconds(Keys.engineConnectTimeout, default: defaults.connectTimeout, range: 10...10_000),
            requestTimeout: try source.milliseconds(Keys.engineRequestTimeout, default: defaults.requestTimeout, range: 100...600_000),
            maxFrameBytes: try source.int(Keys.engineMaxFrameBytes, default: defaults.maxFrameBytes, range: 1024...(64 << 20)),
            reconnectMinimum: reconnectMin,
            reconnectMaximum: reconnectMax
        )
        let redisURL = source.string(Keys.redisURL, default: "redis://127.0.0.1:6379/0")
        do {
            self.redis = try RedisConfiguration(url: redisURL)
        } catch {
            // The message names the problem; the URL itself may hold a password and is never echoed.
            throw ConfigurationError(key: source.origin(of: Keys.redisURL) ?? Keys.redisURL.environmentName, message: error.message)
        }
        self.redis.poolSize = try source.int(Keys.redisPoolSize, default: 2, range: 1...64)
        self.redis.commandTimeout = .milliseconds(try source.int(Keys.redisCommandTimeout, default: 1000, range: 1...60_000))
        self.redis.clientName = "tagpulse-gateway"
        self.bootstrapKey = try source.secret(Keys.bootstrapKey, minimumLength: 16)
        if let key = self.bootstrapKey, BootstrapKey.isPublished(key), !Self.isLoopback(self.httpHost) {
            throw ConfigurationError(
                key: source.origin(of: Keys.bootstrapKey) ?? Keys.bootstrapKey.environmentName,
                message:
                    "is the demo key printed in this project's README, which anyone can read; it is accepted only while http.host is a "
                    + "loopback address, and http.host is \(self.httpHost): set a key of your own (e.g. openssl rand -hex 24)"
            )
        }
        try self.readSentinel(from: source)
        try self.readAccess(from: source)
        try self.readCache(from: source)
        try self.readCluster(from: source)
        try self.readHitPath(from: source)
        try self.readWarm(from: source)
        try self.readUsage(from: source)
        try self.readEdgeKeys(from: source)
        try self.readOperationsKeys(from: source)
    }
}

extension GatewayConfiguration {
    /// True when `host` is reachable from this machine only: `localhost`, 127.0.0.0/8 or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "localhost" { return true }
        let bare = trimmed.hasPrefix("[") && trimmed.hasSuffix("]") ? String(trimmed.dropFirst().dropLast()) : trimmed
        return IPAddress(bare)?.isLoopback ?? false
    }
}
