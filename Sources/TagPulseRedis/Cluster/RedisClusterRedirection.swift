/// What a cluster node's error reply asks the client to do (`MOVED`, `ASK`, `TRYAGAIN`, `CLUSTERDOWN`).
public enum RedisClusterRedirection: Sendable, Equatable {
    /// The slot lives on another master for good: update the map, refresh it, send there.
    case moved(RedisClusterSlot, RedisServerAddress)
    /// The slot is migrating: send this one command there, preceded by `ASKING`.
    case ask(RedisClusterSlot, RedisServerAddress)
    /// A multi-key command during a migration, or the cluster is down or failing over: retry later.
    case tryAgain
    case clusterDown

    /// Reads an error reply's message; nil for every other error.
    public init?(errorMessage message: String) {
        let words = message.split(separator: " ")
        guard let first = words.first else { return nil }
        switch first {
        case "MOVED", "ASK":
            guard words.count >= 3, let number = Int(words[1]), let slot = RedisClusterSlot(rawValue: number),
                let address = RedisServerAddress(clusterEndpoint: words[2])
            else { return nil }
            self = first == "MOVED" ? .moved(slot, address) : .ask(slot, address)
        case "TRYAGAIN": self = .tryAgain
        case "CLUSTERDOWN": self = .clusterDown
        default: return nil
        }
    }

    /// Reads a failed call's error (a `.server` error), nil for any other failure.
    init?(error: any Error) {
        guard let error = error as? RedisClientError, error.code == .server else { return nil }
        self.init(errorMessage: error.message)
    }
}
