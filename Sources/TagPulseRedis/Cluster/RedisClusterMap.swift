/// Which master serves each slot, read from `CLUSTER SHARDS` or `CLUSTER SLOTS`. A value: the client swaps the whole
/// map when it refreshes (and patches one slot on `MOVED`).
public struct RedisClusterMap: Sendable, Equatable {
    /// One master and its replicas.
    public struct Shard: Sendable, Equatable {
        public var master: RedisServerAddress
        public var replicas: [RedisServerAddress]

        public init(master: RedisServerAddress, replicas: [RedisServerAddress] = []) {
            self.master = master
            self.replicas = replicas
        }
    }

    /// Every master's address, in the order first seen.
    public private(set) var masters: [RedisServerAddress] = []
    /// The master of each slot; index into ``masters``, -1 where no master serves the slot.
    private var owners: [Int16] = Array(repeating: -1, count: RedisClusterSlot.count)
    /// The replicas of each master (same order as ``masters``).
    public private(set) var replicas: [[RedisServerAddress]] = []

    public init() {}

    /// A map from slot ranges; overlapping ranges are won by the last one.
    public init(ranges: [(slots: ClosedRange<Int>, shard: Shard)]) {
        for (slots, shard) in ranges {
            let index = self.index(of: shard.master, replicas: shard.replicas)
            for slot in slots where (0..<RedisClusterSlot.count).contains(slot) { self.owners[slot] = Int16(index) }
        }
    }

    /// The master serving `slot`, nil when no master does (the cluster is incomplete or down).
    public func master(for slot: RedisClusterSlot) -> RedisServerAddress? {
        let index = Int(self.owners[Int(slot.rawValue)])
        return index >= 0 ? self.masters[index] : nil
    }

    /// Slots no master serves.
    public var uncoveredSlots: Int { self.owners.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// True when every slot has a master.
    public var isComplete: Bool { !self.masters.isEmpty && self.uncoveredSlots == 0 }

    /// Every node named, masters first.
    public var allNodes: [RedisServerAddress] { self.masters + self.replicas.flatMap { $0 } }

    /// Records that `slot` moved to `master` (a `MOVED` reply), until the next refresh.
    public mutating func move(_ slot: RedisClusterSlot, to master: RedisServerAddress) {
        self.owners[Int(slot.rawValue)] = Int16(self.index(of: master, replicas: []))
    }

    private mutating func index(of master: RedisServerAddress, replicas: [RedisServerAddress]) -> Int {
        if let index = self.masters.firstIndex(of: master) {
            if !replicas.isEmpty { self.replicas[index] = replicas }
            return index
        }
        self.masters.append(master)
        self.replicas.append(replicas)
        return self.masters.count - 1
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.masters == rhs.masters && lhs.replicas == rhs.replicas && lhs.owners == rhs.owners
    }
}
