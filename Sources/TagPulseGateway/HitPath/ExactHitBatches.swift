import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// Exact mode's hits of one tick on one event loop, answered from one pipeline on the control Redis: one `EVALSHA` of
/// `redis/gcra-many.lua` per client and one head read (`GETRANGE` and the marks' `HMGET`s) per entry, in the same
/// write, each hit completed straight from the replies (decision 0005). This is ``CoalescedCharges`` and
/// ``SameTickReads`` in one step, without a future per hit or per command: exact mode's cost is per round trip, not
/// per hit (`docs/BENCHMARKS.md`), so what a round trip costs in the gateway is what this type keeps small.
///
/// Nothing waits for company: the batch goes out at the end of the tick that read its first hit. Each loop's table
/// is touched only on its loop; a caller on a loop it does not know (or off any loop) is told so and takes the
/// future path (``HitCore/lookUp(_:caller:on:)``). Made when the limiter charges through the control Redis and
/// neither it nor a separate cache Redis is a cluster; with a separate cache Redis the entries' `GETRANGE`s go there in
/// a pipeline of their own, sent in the same tick.
final class ExactHitBatches: Sendable {
    /// One hit waiting for its tick's batch.
    struct Hit: Sendable {
        var key: CacheKey
        var subject: RateSubject
        /// The caller's `requests` windows (empty: unlimited, nothing to charge).
        var policies: [RatePolicy]
        /// Called once, on the Redis connection's loop, with the hit's decision and entry; a failure is
        /// ``RateLimitUnavailable`` (`fail_closed`).
        var completion: @Sendable (Result<HitLookup, any Error>) -> Void
    }

    private let tables: PerEventLoop<Table>

    init(sender: ExactHitSender, eventLoops: any EventLoopGroup) {
        self.tables = PerEventLoop(eventLoops) { Table(eventLoop: $0, sender: sender) }
    }

    /// Adds `hit` to `eventLoop`'s batch of this tick. False when the caller is not on one of the known loops (the
    /// hit is not taken).
    func add(_ hit: Hit, on eventLoop: any EventLoop) -> Bool {
        guard let table = self.tables.current(eventLoop) else { return false }
        table.add(hit)
        return true
    }

    /// One event loop's hits of the current tick.
    private final class Table: @unchecked Sendable {
        // @unchecked: `hits`, `scheduled` and `loop` are only touched on `eventLoop` (checked by `add`'s caller).
        let eventLoop: any EventLoop
        let sender: ExactHitSender
        private var hits: [Hit] = []
        private var scheduled = false
        private let loop: ExactHitSender.Loop

        init(eventLoop: any EventLoop, sender: ExactHitSender) {
            self.eventLoop = eventLoop
            self.sender = sender
            self.loop = ExactHitSender.Loop(
                commands: ExactTickCommands(),
                deadlines: sender.limiter.decisionDeadlines(on: eventLoop),
                heads: ExactHeadReplies()
            )
        }

        func add(_ hit: Hit) {
            self.hits.append(hit)
            guard !self.scheduled else { return }
            self.scheduled = true
            self.eventLoop.execute {
                var hits: [Hit] = []
                swap(&hits, &self.hits)
                self.scheduled = false
                self.sender.send(hits, on: self.eventLoop, loop: self.loop)
            }
        }
    }
}
