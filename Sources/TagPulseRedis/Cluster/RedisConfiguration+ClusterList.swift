extension RedisConfiguration.Cluster: CustomStringConvertible {
    /// Reads a comma-separated list of seed nodes, each `host:port`, as `redis.cluster_nodes` takes it (the same rules
    /// as a sentinel list: IPv6 in brackets, no credentials, spaces and empty entries ignored).
    public static func seeds(fromList list: String) throws(RedisConfiguration.Sentinel.SettingError) -> [RedisServerAddress] {
        do {
            return try RedisConfiguration.Sentinel.addresses(fromList: list)
        } catch {
            if error.message.hasPrefix("must name") {
                throw RedisConfiguration.Sentinel.SettingError(message: "must name at least one cluster node as host:port")
            }
            throw RedisConfiguration.Sentinel.SettingError(message: error.message.replacingSentinels)
        }
    }

    /// `cluster via host:port,…`: where a cluster client starts, safe to print.
    public var description: String { "cluster via " + self.seeds.map(\.description).joined(separator: ",") }
}

extension String {
    fileprivate var replacingSentinels: String {
        self.replacing("the sentinels' password has its own setting", with: "the password is the one of redis.url")
    }
}
