import Logging
import NIOCore
import Synchronization

/// A fixed number of slots, each kept connected by ``RedisClient/run()``. Callers pick a live connection: one on
/// their own event loop when there is one (no thread hop), otherwise round-robin. No slot up means `nil`: the caller
/// fails fast instead of waiting.
final class RedisConnectionPool: Sendable {
    private let slots: Mutex<[RedisConnection?]>
    private let nextSlot = Atomic<Int>(0)
    let size: Int

    init(size: Int) {
        self.size = max(1, size)
        self.slots = Mutex(Array(repeating: nil, count: self.size))
    }

    /// Connections currently up.
    var connectedCount: Int { self.slots.withLock { $0.reduce(0) { $0 + ($1?.isActive == true ? 1 : 0) } } }

    /// A live connection, or nil when none is up.
    func pick() -> RedisConnection? {
        let start = self.nextSlot.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max
        return self.slots.withLock { slots in
            for case let connection? in slots where connection.eventLoop.inEventLoop && connection.isActive {
                return connection
            }
            for offset in 0..<slots.count {
                if let connection = slots[(start + offset) % slots.count], connection.isActive { return connection }
            }
            return nil
        }
    }

    func set(_ connection: RedisConnection?, at slot: Int) {
        self.slots.withLock { $0[slot] = connection }
    }

    /// Closes every connection (they are replaced by their slot's loop), e.g. after a failover.
    func closeAll() {
        let connections = self.slots.withLock { $0 }
        for connection in connections { connection?.close() }
    }
}
