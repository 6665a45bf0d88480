import NIOCore
import Synchronization

/// The cluster client's shared state: the current slot map and one ``RedisConnectionPool`` per master, kept up by
/// ``RedisClient/maintainCluster(_:)``. Callers look up a connection by slot (or by node, after a redirection).
final class RedisClusterNodes: Sendable {
    private struct State {
        var map = RedisClusterMap()
        var pools: [RedisServerAddress: RedisConnectionPool] = [:]
    }

    let seeds: [RedisServerAddress]
    let poolSize: Int
    private let state = Mutex(State())
    private let refreshWanted = Atomic<Bool>(true)
    private let nextNode = Atomic<Int>(0)

    init(seeds: [RedisServerAddress], poolSize: Int) {
        self.seeds = seeds
        self.poolSize = poolSize
    }

    var map: RedisClusterMap { self.state.withLock { $0.map } }

    /// A live connection to `node` when given, else to the master of `slot`, else (no slot: a key-less command) to
    /// any master, round-robin. Nil when that master has no connection up (or the slot no master).
    func connection(slot: RedisClusterSlot?, node: RedisServerAddress? = nil) -> RedisConnection? {
        self.state.withLock { state in
            if let node { return state.pools[node]?.pick() }
            if let slot {
                guard let master = state.map.master(for: slot) else { return nil }
                return state.pools[master]?.pick()
            }
            let masters = state.map.masters
            guard !masters.isEmpty else { return nil }
            let start = self.nextNode.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max
            for offset in 0..<masters.count {
                if let connection = state.pools[masters[(start + offset) % masters.count]]?.pick() { return connection }
            }
            return nil
        }
    }

    /// A live connection to every master, in map order; nil when one has none (or no map is known).
    func connectionsToEveryMaster() -> [RedisConnection]? {
        self.state.withLock { state in
            guard !state.map.masters.isEmpty else { return nil }
            var connections: [RedisConnection] = []
            for master in state.map.masters {
                guard let connection = state.pools[master]?.pick() else { return nil }
                connections.append(connection)
            }
            return connections
        }
    }

    /// Installs a freshly read map; returns the pools of masters that are new (their connections are to be kept up).
    /// Pools of nodes that are no longer masters are dropped (their loops see it and close).
    func install(_ map: RedisClusterMap) -> [(RedisServerAddress, RedisConnectionPool)] {
        self.state.withLock { state in
            state.map = map
            var added: [(RedisServerAddress, RedisConnectionPool)] = []
            for master in map.masters where state.pools[master] == nil {
                let pool = RedisConnectionPool(size: self.poolSize)
                state.pools[master] = pool
                added.append((master, pool))
            }
            for (address, _) in state.pools where !map.masters.contains(address) { state.pools[address] = nil }
            return added
        }
    }

    /// Whether `pool` is still the one kept up for `node` (false once the node stopped being a master).
    func isCurrent(_ pool: RedisConnectionPool, for node: RedisServerAddress) -> Bool {
        self.state.withLock { $0.pools[node] === pool }
    }

    /// A `MOVED` reply: the slot is served by `master` until the next refresh (asked for here).
    func move(_ slot: RedisClusterSlot, to master: RedisServerAddress) {
        self.state.withLock { $0.map.move(slot, to: master) }
        self.requestRefresh()
    }

    func requestRefresh() { self.refreshWanted.store(true, ordering: .relaxed) }

    /// True once after ``requestRefresh()``.
    func takeRefreshRequest() -> Bool { self.refreshWanted.exchange(false, ordering: .relaxed) }

    /// Connections up: the sum over masters when every slot has a master with a connection up, else 0 (readiness).
    var connectedCount: Int {
        self.state.withLock { state in
            guard state.map.isComplete else { return 0 }
            var total = 0
            for master in state.map.masters {
                let count = state.pools[master]?.connectedCount ?? 0
                guard count > 0 else { return 0 }
                total += count
            }
            return total
        }
    }

    /// Nodes to read the map from: the known ones (masters first), then the seeds.
    var mapSources: [RedisServerAddress] {
        let known = self.map.allNodes
        return known + self.seeds.filter { !known.contains($0) }
    }

    func closeAll() {
        let pools = self.state.withLock { Array($0.pools.values) }
        for pool in pools { pool.closeAll() }
    }
}
