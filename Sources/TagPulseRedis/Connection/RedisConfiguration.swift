/// How to reach Redis and how the client behaves. Build it with labels and defaults, or from a URL with
/// ``init(url:)``.
public struct RedisConfiguration: Sendable {
    /// Master discovery through Redis Sentinel.
    public struct Sentinel: Sendable {
        /// The sentinels, tried in order.
        public var addresses: [RedisServerAddress]
        /// The monitored master's name (`sentinel monitor <name> …`).
        public var masterName: String
        /// Credentials for the sentinels themselves, when they require them.
        public var username: String?
        public var password: String?

        public init(addresses: [RedisServerAddress], masterName: String, username: String? = nil, password: String? = nil) {
            self.addresses = addresses
            self.masterName = masterName
            self.username = username
            self.password = password
        }
    }

    /// A Redis Cluster: the seed nodes the slot map is first read from.
    public struct Cluster: Sendable {
        /// Any nodes of the cluster (masters or replicas), tried in order until one answers `CLUSTER SHARDS`.
        public var seeds: [RedisServerAddress]
        /// The slot map is read again this often (and at once after a `MOVED`, a lost connection or a failed call).
        public var refreshInterval: Duration
        /// The setting the seeds came from (`redis.cluster_nodes`), named in the warning logged while the cluster
        /// cannot be used (unreachable seeds, a node not in cluster mode, uncovered slots).
        public var settingName: String?

        public init(seeds: [RedisServerAddress], refreshInterval: Duration = .seconds(10), settingName: String? = nil) {
            self.seeds = seeds
            self.refreshInterval = refreshInterval
            self.settingName = settingName
        }
    }

    /// The server; ignored when ``sentinel`` or ``cluster`` is set (the master is discovered).
    public var address: RedisServerAddress
    /// When set, the master is resolved with `SENTINEL get-master-addr-by-name` and followed on failover.
    public var sentinel: Sentinel?
    /// When set, the client is slot-aware: one pool per master of the cluster, commands routed by key.
    public var cluster: Cluster?
    /// ACL user for `AUTH user password`; nil sends `AUTH password` when a password is set.
    public var username: String?
    /// Password for `AUTH`; never logged or included in an error.
    public var password: String?
    /// Database selected with `SELECT` (0 sends nothing).
    public var database: Int
    /// Sent with `CLIENT SETNAME` (visible in `CLIENT LIST`).
    public var clientName: String?
    /// Connections in the pool (commands are pipelined on each).
    public var poolSize: Int
    /// The longest a connection attempt (TCP connect + set-up commands) may take.
    public var connectTimeout: Duration
    /// The default deadline of a command; each call may pass its own.
    public var commandTimeout: Duration
    /// Reconnect delays: exponential with full jitter between these bounds.
    public var reconnectMinimum: Duration
    public var reconnectMaximum: Duration
    /// An idle connection is checked with `PING` this often.
    public var healthCheckInterval: Duration
    /// The largest reply accepted; a larger one is a protocol error that closes its connection.
    public var maximumReplyBytes: Int

    public init(
        address: RedisServerAddress = .hostname("127.0.0.1", port: 6379),
        sentinel: Sentinel? = nil,
        cluster: Cluster? = nil,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        clientName: String? = nil,
        poolSize: Int = 2,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .seconds(1),
        reconnectMinimum: Duration = .milliseconds(20),
        reconnectMaximum: Duration = .seconds(1),
        healthCheckInterval: Duration = .seconds(2),
        maximumReplyBytes: Int = 64 * 1024 * 1024
    ) {
        self.address = address
        self.sentinel = sentinel
        self.cluster = cluster
        self.username = username
        self.password = password
        self.database = database
        self.clientName = clientName
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectMinimum = reconnectMinimum
        self.reconnectMaximum = reconnectMaximum
        self.healthCheckInterval = healthCheckInterval
        self.maximumReplyBytes = maximumReplyBytes
    }

    /// Checks the values that cannot work, naming the setting.
    public func validate() throws(RedisClientError) {
        guard self.poolSize >= 1 else { throw RedisClientError(.configuration, "redis.poolSize must be at least 1") }
        guard self.database >= 0 else { throw RedisClientError(.configuration, "redis.database must not be negative") }
        guard self.commandTimeout > .zero, self.connectTimeout > .zero else {
            throw RedisClientError(.configuration, "redis timeouts must be positive")
        }
        guard self.reconnectMinimum > .zero, self.reconnectMaximum >= self.reconnectMinimum else {
            throw RedisClientError(.configuration, "redis reconnect backoff bounds are invalid")
        }
        if let sentinel = self.sentinel, sentinel.addresses.isEmpty || sentinel.masterName.isEmpty {
            throw RedisClientError(.configuration, "redis sentinel needs at least one address and a master name")
        }
        if let cluster = self.cluster {
            guard self.sentinel == nil else { throw RedisClientError(.configuration, "redis cluster and sentinel are exclusive: set one") }
            guard !cluster.seeds.isEmpty else { throw RedisClientError(.configuration, "redis cluster needs at least one seed node") }
            guard self.database == 0 else { throw RedisClientError(.configuration, "redis cluster has only database 0") }
            guard cluster.refreshInterval > .zero else { throw RedisClientError(.configuration, "redis cluster refresh interval must be positive") }
        }
    }
}
