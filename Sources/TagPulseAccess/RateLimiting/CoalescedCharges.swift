import NIOCore
import TagPulseRedis

/// Exact mode's `requests` charges from event loops, gathered per tick: the requests of one client that one event
/// loop reads in the same tick are decided by one script call (``RateLimiter/decide(_:policies:completing:on:)``),
/// not one each (decision 0005). Nothing waits for company: the batch goes out at the end of the tick that read
/// the first request, so a request alone is decided exactly as before, by ``RateLimiter/decide(_:cost:on:)``.
///
/// Each loop's queue is touched only on its loop. A caller on a loop the limiter does not know (or off any loop)
/// is decided directly.
public final class CoalescedCharges: Sendable {
    let limiter: RateLimiter
    private let queues: PerEventLoop<Queue>

    /// - Parameter eventLoops: the loops callers charge from (the HTTP server's), usually the limiter's group.
    public init(limiter: RateLimiter, eventLoops: any EventLoopGroup) {
        self.limiter = limiter
        self.queues = PerEventLoop(eventLoops) { Queue(eventLoop: $0) }
    }

    /// Charges one request of `subject` to `policies`. Completes on `eventLoop` or on the Redis connection's loop.
    public func decide(_ subject: RateSubject, policies: [RatePolicy], on eventLoop: any EventLoop) -> EventLoopFuture<RateDecision> {
        guard let queue = self.queues.current(eventLoop) else {
            return self.limiter.decide(policies.map { (subject, $0) }, on: eventLoop)
        }
        let promise = eventLoop.makePromise(of: RateDecision.self)
        queue.add(subject, policies: policies, promise: promise, limiter: self.limiter)
        return promise.futureResult
    }

    /// One event loop's charges of the current tick.
    private final class Queue: @unchecked Sendable {
        // @unchecked: `groups` and `scheduled` are only touched on `eventLoop` (checked by `add`'s caller).
        let eventLoop: any EventLoop
        private var groups: [Group] = []
        private var scheduled = false

        struct Group {
            var subject: RateSubject
            var policies: [RatePolicy]
            var promises: [EventLoopPromise<RateDecision>]
        }

        init(eventLoop: any EventLoop) {
            self.eventLoop = eventLoop
        }

        func add(_ subject: RateSubject, policies: [RatePolicy], promise: EventLoopPromise<RateDecision>, limiter: RateLimiter) {
            if let index = self.groups.firstIndex(where: { $0.subject == subject && $0.policies == policies }) {
                self.groups[index].promises.append(promise)
            } else {
                self.groups.append(Group(subject: subject, policies: policies, promises: [promise]))
            }
            guard !self.scheduled else { return }
            self.scheduled = true
            self.eventLoop.execute { self.send(limiter) }
        }

        private func send(_ limiter: RateLimiter) {
            let groups = self.groups
            self.groups.removeAll(keepingCapacity: true)
            self.scheduled = false
            for group in groups {
                if group.promises.count == 1 {
                    limiter.decide(group.policies.map { (group.subject, $0) }, on: self.eventLoop).cascade(to: group.promises[0])
                } else {
                    limiter.decide(group.subject, policies: group.policies, completing: group.promises, on: self.eventLoop)
                }
            }
        }
    }
}
