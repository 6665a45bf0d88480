import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// One event loop's exact-mode commands, made and encoded once and sent again every tick that needs them: an entry's
/// head read (its `GETRANGE` and marks' `HMGET`s) and a client's charge of a number of hits (its `EVALSHA`). A tick's
/// pipeline is otherwise built from new strings and argument lists and encoded argument by argument, every tick, for
/// the same few entries and clients (`docs/decisions/0005-coalesced-charges.md`, "Commands kept per loop").
///
/// Touched only on its loop (``ExactHitBatches``' table owns it). Each table keeps its `limit` most recently used
/// commands (``LRUTable``), a few hundred bytes each. Charges are kept only when the limiter asks Redis for the time (a
/// fixed clock, in tests, puts the time in the command), and are looked up by subject, policies and count.
final class ExactTickCommands {
    private struct Charge: Hashable {
        var subject: RateSubject
        var policies: [RatePolicy]
        var count: Int
    }

    private var reads: LRUTable<String, (entry: RedisCommand, marks: [RedisCommand])>
    private var charges: LRUTable<Charge, PendingCharges>

    /// - Parameter limit: the most commands each table keeps.
    init(limit: Int = 256) {
        self.reads = LRUTable(capacity: limit)
        self.charges = LRUTable(capacity: limit)
    }

    /// `key`'s head read, encoded.
    func headRead(_ key: CacheKey, store: CacheStore) -> (entry: RedisCommand, marks: [RedisCommand]) {
        if let read = self.reads.get(key.hex) { return read }
        let made = store.headRead(key)
        let read = (entry: made.entry.preEncoded(), marks: made.marks.map { $0.preEncoded() })
        self.reads.set(key.hex, read)
        return read
    }

    /// `count` hits of `subject` charged as one script call, encoded; nil as
    /// ``RateLimiter/pendingCharges(_:policies:count:)`` (nothing kept then).
    func pendingCharges(_ subject: RateSubject, policies: [RatePolicy], count: Int, limiter: RateLimiter) -> PendingCharges? {
        guard limiter.asksServerTime else { return limiter.pendingCharges(subject, policies: policies, count: count) }
        let charge = Charge(subject: subject, policies: policies, count: count)
        if let charges = self.charges.get(charge) { return charges }
        guard let charges = limiter.pendingCharges(subject, policies: policies, count: count)?.preEncoded() else { return nil }
        self.charges.set(charge, charges)
        return charges
    }

    /// Commands kept, both tables (tests).
    var count: Int { self.reads.count + self.charges.count }
}
