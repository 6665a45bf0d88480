import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// One event loop's last decoded head per entry, with the replies it was decoded from: a hot entry's head read gives
/// the same bytes tick after tick (its first 128 bytes and its marks change only when it is refilled or purged), so a
/// reply equal to the last one is that head again, not decoded again (the decode and the marks' parse were 1.5 % of an
/// exact hit's samples, `perf`, 2026-12-07). Equal replies always decode to the same head: this changes what a tick
/// costs, never what it finds.
///
/// Touched only on its loop (``ExactHitBatches``' table owns it). Keeps the `limit` entries read most recently
/// (``LRUTable``), each a few hundred bytes.
final class ExactHeadReplies {
    private struct Decoded {
        var reply: RESPValue
        var marks: [RESPValue]
        var head: CacheEntryHead?
    }

    private var decoded: LRUTable<String, Decoded>

    /// - Parameter limit: the most entries kept.
    init(limit: Int = 256) {
        self.decoded = LRUTable(capacity: limit)
    }

    /// The head of the entry `hex` as its `GETRANGE` `reply` and its marks' `HMGET` replies give it
    /// (``CacheStore/head(from:marks:)``): the last one decoded when both replies are the same as then.
    func head(_ hex: String, reply: RESPValue, marks: ArraySlice<RESPValue>) throws -> CacheEntryHead? {
        if let last = self.decoded.get(hex), last.reply == reply, last.marks.elementsEqual(marks) { return last.head }
        let head = try CacheStore.head(from: reply, marks: marks)
        self.decoded.set(hex, Decoded(reply: reply, marks: Array(marks), head: head))
        return head
    }

    /// Entries kept (tests).
    var count: Int { self.decoded.count }
}
