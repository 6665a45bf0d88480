import NIOCore
import TagPulseAccess
import TagPulseCache
import TagPulseRedis

/// Sends one tick's exact-mode hits (``ExactHitBatches``) as one pipeline and completes each from the replies.
struct ExactHitSender: Sendable {
    let limiter: RateLimiter
    let store: CacheStore
    /// What a head read found for a key: ``HitCore/entry(_:key:hot:leased:now:)``.
    let entry: @Sendable (CacheEntryHead?, CacheKey) -> HitLookup.Entry

    /// The hits of one client (its `requests` windows): one script call.
    private struct Group {
        var subject: RateSubject
        var policies: [RatePolicy]
        var hits: [Int]
        var charges: PendingCharges? = nil
        /// Index of the script call's reply.
        var reply = 0
    }

    /// One entry's head read: the `GETRANGE`'s reply at `entry` (in the control pipeline's replies, or the cache
    /// pipeline's when the cache has its own Redis), the marks' `markCount` replies from `marks` on (control).
    private struct Read {
        var key: CacheKey
        var entry = 0
        var marks = 0
        var markCount = 0
    }

    /// The loop's own state a tick uses: its kept commands, its decision deadlines and its last decoded heads.
    struct Loop {
        let commands: ExactTickCommands
        let deadlines: DecisionDeadlines
        let heads: ExactHeadReplies
    }

    /// A tick's entries are found by a scan up to this many (a tick's hits ask for a few entries), by hash beyond.
    static let scannedReads = 8

    /// Sends `hits` (one tick's, on `eventLoop`) with the loop's kept commands, within its deadlines.
    func send(_ hits: [ExactHitBatches.Hit], on eventLoop: any EventLoop, loop: Loop) {
        let tick = loop.commands
        var groups: [Group] = []
        var reads: [Read] = []
        var readIndex: [String: Int]?
        var readOf: [Int] = []
        readOf.reserveCapacity(hits.count)
        for (index, hit) in hits.enumerated() {
            // A tick's hits come from a few clients: a scan beats hashing a subject and its policies.
            if let group = groups.firstIndex(where: { $0.subject == hit.subject && $0.policies == hit.policies }) {
                groups[group].hits.append(index)
            } else {
                groups.append(Group(subject: hit.subject, policies: hit.policies, hits: [index]))
            }
            let hex = hit.key.hex
            let found: Int?
            if let readIndex {
                found = readIndex[hex]
            } else {
                found = reads.firstIndex { $0.key.hex == hex }
            }
            if let read = found {
                readOf.append(read)
                continue
            }
            readOf.append(reads.count)
            reads.append(Read(key: hit.key))
            if readIndex != nil {
                readIndex![hex] = reads.count - 1
            } else if reads.count == Self.scannedReads {
                readIndex = Dictionary(uniqueKeysWithValues: reads.enumerated().map { ($1.key.hex, $0) })
            }
        }
        var commands: [RedisCommand] = []
        commands.reserveCapacity(groups.count + 3 * reads.count)
        for index in groups.indices {
            guard
                let charges = tick.pendingCharges(
                    groups[index].subject,
                    policies: groups[index].policies,
                    count: groups[index].hits.count,
                    limiter: self.limiter
                )
            else { continue }
            groups[index].charges = charges
            groups[index].reply = commands.count
            commands.append(charges.command)
        }
        let separate = !self.store.sameServer
        var entryCommands: [RedisCommand] = []
        for index in reads.indices {
            let read = tick.headRead(reads[index].key, store: self.store)
            if separate {
                reads[index].entry = entryCommands.count
                entryCommands.append(read.entry)
            } else {
                reads[index].entry = commands.count
                commands.append(read.entry)
            }
            reads[index].marks = commands.count
            reads[index].markCount = read.marks.count
            commands += read.marks
        }
        // Every read goes out after every hit it serves arrived: a hard purge before any of them is seen by all.
        let replies = self.store.control.pipeline(commands)
        let entryReplies = separate ? self.store.cache.pipeline(entryCommands) : nil
        // The charges are decided within `ratelimit.decision_timeout_ms`; a separate cache Redis's reply is then waited
        // for (within its command timeout), as a hit waited for both before.
        let heads = NIOLoopBound(loop.heads, eventLoop: eventLoop)
        self.limiter.firstOf(replies, within: loop.deadlines) { [groups, reads, readOf] result in
            guard let entryReplies else {
                let entries = self.entries(reads, marks: result, entries: result, heads: heads)
                Self.complete(hits, groups: groups, entries: entries, readOf: readOf, result: result, sender: self, on: eventLoop)
                return
            }
            entryReplies.whenComplete { entryResult in
                let entries = self.entries(reads, marks: result, entries: entryResult, heads: heads)
                Self.complete(hits, groups: groups, entries: entries, readOf: readOf, result: result, sender: self, on: eventLoop)
            }
        }
    }

    /// Each read's entry; `.unknown` for a read Redis did not answer. On the tick's loop (where replies usually come)
    /// a head is decoded only when its replies differ from the last ones (``ExactHeadReplies``).
    private func entries(
        _ reads: [Read],
        marks: Result<[RESPValue], any Error>,
        entries: Result<[RESPValue], any Error>,
        heads: NIOLoopBound<ExactHeadReplies>
    ) -> [HitLookup.Entry] {
        guard case .success(let marks) = marks, case .success(let entries) = entries else {
            return Array(repeating: .unknown, count: reads.count)
        }
        let decoded = heads.eventLoop.inEventLoop ? heads.value : nil
        return reads.map { read in
            do {
                let reply = entries[read.entry]
                let readMarks = marks[read.marks..<(read.marks + read.markCount)]
                let head: CacheEntryHead?
                if let decoded {
                    head = try decoded.head(read.key.hex, reply: reply, marks: readMarks)
                } else {
                    head = try CacheStore.head(from: reply, marks: readMarks)
                }
                return self.entry(head, read.key)
            } catch {
                return .unknown
            }
        }
    }

    private static func complete(
        _ hits: [ExactHitBatches.Hit],
        groups: [Group],
        entries: [HitLookup.Entry],
        readOf: [Int],
        result: Result<[RESPValue], any Error>,
        sender: ExactHitSender,
        on eventLoop: any EventLoop
    ) {
        for group in groups {
            let decisions: [Result<RateDecision, RateLimitUnavailable>]
            if group.policies.isEmpty {
                decisions = Array(repeating: .success(.unlimited), count: group.hits.count)
            } else if let charges = group.charges, let settled = sender.limiter.settle(charges, reply: result.map { $0[group.reply] }) {
                decisions = settled
            } else {
                // The script is not loaded yet, or Redis lost it (NOSCRIPT: nothing charged): the limiter decides these
                // on its own, loading it, and each hit completes with the entry read above.
                let promises = group.hits.map { _ in eventLoop.makePromise(of: RateDecision.self) }
                sender.limiter.decide(group.subject, policies: group.policies, completing: promises, on: eventLoop)
                for (hit, promise) in zip(group.hits, promises) {
                    let entry = entries[readOf[hit]]
                    let completion = hits[hit].completion
                    promise.futureResult.whenComplete { decision in
                        completion(decision.map { HitLookup(decision: $0, entry: $0.allowed ? entry : .unknown) })
                    }
                }
                continue
            }
            for (hit, decision) in zip(group.hits, decisions) {
                let entry = entries[readOf[hit]]
                hits[hit].completion(decision.mapError { $0 }.map { HitLookup(decision: $0, entry: $0.allowed ? entry : .unknown) })
            }
        }
    }
}
