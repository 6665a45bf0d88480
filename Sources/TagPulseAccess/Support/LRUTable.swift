/// A dictionary with a fixed capacity that evicts its least recently used entry to make room: O(1) lookups,
/// inserts and evictions (a doubly linked list threaded through an array, so no per-entry allocation).
///
/// Not thread-safe on its own: owners keep it behind a `Mutex`, or on one thread (an event loop's).
///
/// Inlinable, as swift-collections' types are: other modules (the gateway's per-loop tables, read on every exact
/// tick) get it specialized for their key and value. Unspecialized, a `get` instantiated generic metadata and
/// looked its key up through the dictionary's witness tables (1.3 % of an exact hit's samples, `perf`, 2026-12-07).
public struct LRUTable<Key: Hashable, Value> {
    @usableFromInline
    struct Node {
        @usableFromInline var key: Key
        @usableFromInline var value: Value
        /// Towards the most recently used end; -1 at the head.
        @usableFromInline var newer: Int
        /// Towards the least recently used end; -1 at the tail.
        @usableFromInline var older: Int

        @inlinable
        init(key: Key, value: Value, newer: Int, older: Int) {
            self.key = key
            self.value = value
            self.newer = newer
            self.older = older
        }
    }

    public let capacity: Int
    @usableFromInline var nodes: [Node] = []
    @usableFromInline var slots: [Key: Int] = [:]
    @usableFromInline var unused: [Int] = []
    /// The most recently used node, or -1.
    @usableFromInline var head = -1
    /// The least recently used node, or -1.
    @usableFromInline var tail = -1

    /// - Parameter capacity: most entries kept (at least 1).
    @inlinable
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    @inlinable
    public var count: Int { self.slots.count }

    /// The value of `key`, marking it most recently used.
    @inlinable
    public mutating func get(_ key: Key) -> Value? {
        guard let slot = self.slots[key] else { return nil }
        self.moveToHead(slot)
        return self.nodes[slot].value
    }

    /// The value of `key`, leaving the order alone.
    @inlinable
    public func peek(_ key: Key) -> Value? {
        self.slots[key].map { self.nodes[$0].value }
    }

    /// Inserts or replaces `key`'s value as the most recently used entry; returns the entry evicted to make room.
    @discardableResult
    @inlinable
    public mutating func set(_ key: Key, _ value: Value) -> (key: Key, value: Value)? {
        if let slot = self.slots[key] {
            self.nodes[slot].value = value
            self.moveToHead(slot)
            return nil
        }
        var evicted: (key: Key, value: Value)?
        if self.slots.count >= self.capacity, self.tail >= 0 {
            let victim = self.nodes[self.tail]
            evicted = (victim.key, victim.value)
            self.remove(victim.key)
        }
        let node = Node(key: key, value: value, newer: -1, older: self.head)
        let slot: Int
        if let reused = self.unused.popLast() {
            self.nodes[reused] = node
            slot = reused
        } else {
            self.nodes.append(node)
            slot = self.nodes.count - 1
        }
        if self.head >= 0 { self.nodes[self.head].newer = slot }
        self.head = slot
        if self.tail < 0 { self.tail = slot }
        self.slots[key] = slot
        return evicted
    }

    /// Removes `key`; returns its value.
    @discardableResult
    @inlinable
    public mutating func remove(_ key: Key) -> Value? {
        guard let slot = self.slots.removeValue(forKey: key) else { return nil }
        self.unlink(slot)
        self.unused.append(slot)
        return self.nodes[slot].value
    }

    @inlinable
    public mutating func removeAll() {
        self.nodes.removeAll(keepingCapacity: true)
        self.slots.removeAll(keepingCapacity: true)
        self.unused.removeAll()
        self.head = -1
        self.tail = -1
    }

    /// Keys from most to least recently used (tests).
    var keysByRecency: [Key] {
        var keys: [Key] = []
        var slot = self.head
        while slot >= 0 {
            keys.append(self.nodes[slot].key)
            slot = self.nodes[slot].older
        }
        return keys
    }

    @usableFromInline
    mutating func unlink(_ slot: Int) {
        let newer = self.nodes[slot].newer
        let older = self.nodes[slot].older
        if newer >= 0 { self.nodes[newer].older = older } else { self.head = older }
        if older >= 0 { self.nodes[older].newer = newer } else { self.tail = newer }
        self.nodes[slot].newer = -1
        self.nodes[slot].older = -1
    }

    @usableFromInline
    mutating func moveToHead(_ slot: Int) {
        guard self.head != slot else { return }
        self.unlink(slot)
        self.nodes[slot].older = self.head
        if self.head >= 0 { self.nodes[self.head].newer = slot }
        self.head = slot
        if self.tail < 0 { self.tail = slot }
    }
}

extension LRUTable: Sendable where Key: Sendable, Value: Sendable {}

extension LRUTable.Node: Sendable where Key: Sendable, Value: Sendable {}
