import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// One event loop's exact-mode commands, made and encoded once and sent again every tick that needs them: an entry's
/// head read (its `GETRANGE` and marks' `HMGET`s) and a client's charge of a number of hits (its `EVALSHA`). A tick's
/// pipeline is otherwise built from new strings and argument lists and encoded argument by argument, every tick, for
/// the same few entries and clients (`docs/decisions/0005-coalesced-charges.md`, "Commands kept per loop").
///
/// Touched only on its loop (``ExactHitBatches``' table owns it). Each table is bounded: when one holds `limit`
/// commands it is emptied, so a loop that reads many entries keeps at most that many (a few hundred bytes each).
/// Charges are kept only when the limiter asks Redis for the time (a fixed clock, in tests, puts the time in the
/// command), and are looked up by subject, policies and count.
final class ExactTickCommands {
    private struct Charge: Hashable {
        var subject: RateSubject
        var policies: [RatePolicy]
        var count: Int
    }

    /// The most commands each table keeps.
    let limit: Int
    private var reads: [String: (entry: RedisCommand, marks: [RedisCommand])] = [:]
    private var charges: [Charge: PendingCharges] = [:]

    init(limit: Int = 256) {
        self.limit = limit
    }

    /// `key`'s head read, encoded.
    func headRead(_ key: CacheKey, store: CacheStore) -> (entry: RedisCommand, marks: [RedisCommand]) {
        if let read = self.reads[key.hex] { return read }
        let made = store.headRead(key)
        let read = (entry: made.entry.preEncoded(), marks: made.marks.map { $0.preEncoded() })
        if self.reads.count >= self.limit { self.reads.removeAll(keepingCapacity: true) }
        self.reads[key.hex] = read
        return read
    }

    /// `count` hits of `subject` charged as one script call, encoded; nil as
    /// ``RateLimiter/pendingCharges(_:policies:count:)`` (nothing kept then).
    func pendingCharges(_ subject: RateSubject, policies: [RatePolicy], count: Int, limiter: RateLimiter) -> PendingCharges? {
        guard limiter.asksServerTime else { return limiter.pendingCharges(subject, policies: policies, count: count) }
        let charge = Charge(subject: subject, policies: policies, count: count)
        if let charges = self.charges[charge] { return charges }
        guard let made = limiter.pendingCharges(subject, policies: policies, count: count) else { return nil }
        let charges = made.preEncoded()
        if self.charges.count >= self.limit { self.charges.removeAll(keepingCapacity: true) }
        self.charges[charge] = charges
        return charges
    }

    /// Commands kept, both tables (tests).
    var count: Int { self.reads.count + self.charges.count }
}
