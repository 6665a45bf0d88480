import NIOCore
import TagPulseRedis

/// Exact mode's head reads, shared within a tick: the hits of one entry that one event loop reads in the same tick
/// share one `GETRANGE` + marks read (decision 0005). The read goes out after every one of them arrived, so each
/// still sees the entry as it was at its arrival or later: a hard purge is never missed.
///
/// Each loop's table is touched only on its loop and emptied at the end of the tick that filled it. A caller on a
/// loop it does not know (or off any loop) reads alone. Where ``ExactHitBatches`` applies (no Redis Cluster) it does
/// this itself; this type serves the cluster deployments.
final class SameTickReads: Sendable {
    private let tables: PerEventLoop<Table>

    init(eventLoops: any EventLoopGroup) {
        self.tables = PerEventLoop(eventLoops) { Table(eventLoop: $0) }
    }

    /// The read of `key` already started on `eventLoop` this tick, or the one `start` begins.
    func read(
        _ key: String,
        on eventLoop: any EventLoop,
        _ start: () -> EventLoopFuture<HitLookup.Entry>
    ) -> EventLoopFuture<HitLookup.Entry> {
        guard let table = self.tables.current(eventLoop) else { return start() }
        return table.read(key, start)
    }

    /// One event loop's reads of the current tick.
    private final class Table: @unchecked Sendable {
        // @unchecked: `reads` and `scheduled` are only touched on `eventLoop` (checked by the caller).
        let eventLoop: any EventLoop
        private var reads: [String: EventLoopFuture<HitLookup.Entry>] = [:]
        private var scheduled = false

        init(eventLoop: any EventLoop) {
            self.eventLoop = eventLoop
        }

        func read(_ key: String, _ start: () -> EventLoopFuture<HitLookup.Entry>) -> EventLoopFuture<HitLookup.Entry> {
            if let started = self.reads[key] { return started }
            let started = start()
            self.reads[key] = started
            if !self.scheduled {
                self.scheduled = true
                self.eventLoop.execute {
                    self.reads.removeAll(keepingCapacity: true)
                    self.scheduled = false
                }
            }
            return started
        }
    }
}
