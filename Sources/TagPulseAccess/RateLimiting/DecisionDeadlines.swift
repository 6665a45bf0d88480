import NIOCore

/// The decision deadlines (`ratelimit.decision_timeout_ms`) of one event loop's pipelines in flight, kept by one
/// scheduled task for all of them instead of a task scheduled and cancelled per pipeline (that pair was 1.1 % of an
/// exact hit's samples, `perf`, 2026-12-07: exact mode sends a pipeline every tick).
///
/// Every deadline is the same time after its watch began, so the waiting pipelines are in deadline order: a queue,
/// and one task armed for the oldest. A pipeline answered in time is only marked (its ``Settled`` claimed, from any
/// thread); the queue lets it go the next time it is at the front. When the task runs it expires every pipeline whose
/// deadline has passed and that nothing claimed, then arms itself for the oldest still waiting (none: it stops).
///
/// Confined to its event loop: ``watch(_:)`` is called there, and the expiry closures run there.
public final class DecisionDeadlines {
    private struct Waiting {
        var deadline: NIODeadline
        var settled: Settled
        var expire: () -> Void
    }

    private let eventLoop: any EventLoop
    private let timeout: TimeAmount
    private var waiting = CircularBuffer<Waiting>(initialCapacity: 8)
    private var scheduled: Scheduled<Void>?

    /// - Parameters:
    ///   - eventLoop: the loop the watches are made on and the expiries run on.
    ///   - timeout: how long after its watch began a pipeline expires.
    public init(eventLoop: any EventLoop, timeout: TimeAmount) {
        self.eventLoop = eventLoop
        self.timeout = timeout
    }

    /// Starts a pipeline's deadline. Whoever claims the returned ``Settled`` first decides: the reply's side, or this
    /// queue, which then calls `expire` (on the loop).
    func watch(_ expire: @escaping () -> Void) -> Settled {
        self.eventLoop.assertInEventLoop()
        self.dropAnsweredFront()
        let settled = Settled()
        self.waiting.append(Waiting(deadline: self.eventLoop.now + self.timeout, settled: settled, expire: expire))
        if self.scheduled == nil { self.schedule(at: self.waiting.first!.deadline) }
        return settled
    }

    /// Pipelines watched and not yet let go (tests).
    var waitingCount: Int { self.waiting.count }

    /// Whether the task is armed (tests).
    var isArmed: Bool { self.scheduled != nil }

    private func dropAnsweredFront() {
        while let first = self.waiting.first, first.settled.isClaimed {
            self.waiting.removeFirst()
        }
    }

    private func schedule(at deadline: NIODeadline) {
        self.scheduled = self.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.expireDue() }
    }

    private func expireDue() {
        self.scheduled = nil
        let now = self.eventLoop.now
        while let first = self.waiting.first, first.deadline <= now || first.settled.isClaimed {
            let due = self.waiting.removeFirst()
            if due.settled.claim() { due.expire() }
        }
        if let first = self.waiting.first { self.schedule(at: first.deadline) }
    }
}

@available(*, unavailable)
extension DecisionDeadlines: Sendable {}
