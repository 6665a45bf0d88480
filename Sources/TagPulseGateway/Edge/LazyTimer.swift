import NIOCore

/// A per-connection deadline that is armed and disarmed for every request without scheduling (and cancelling) a
/// task each time: the event loop's timer heap only sees one task per connection, which re-arms itself when it
/// fires before the current deadline. Arming and disarming cost a clock read and a store.
///
/// Used by the request head and body timeouts, which run for every request on the hit path. Confined to the
/// channel's event loop, like the handler that owns it; ``cancel()`` (from `handlerRemoved`) releases the expiry
/// closure and with it the handler.
final class LazyTimer {
    private let eventLoop: any EventLoop
    private var onExpiry: (() -> Void)?
    /// When the armed deadline passes; nil while disarmed.
    private var deadline: NIODeadline?
    /// The one scheduled task and when it runs.
    private var task: (scheduled: Scheduled<Void>, at: NIODeadline)?

    init(eventLoop: any EventLoop, onExpiry: @escaping () -> Void) {
        self.eventLoop = eventLoop
        self.onExpiry = onExpiry
    }

    var isArmed: Bool { self.deadline != nil }

    /// Expires `timeout` from now unless ``disarm()`` comes first.
    func arm(in timeout: TimeAmount) {
        let deadline = self.eventLoop.now + timeout
        self.deadline = deadline
        if let task = self.task {
            guard task.at > deadline else { return }  // it runs first and re-arms itself for the rest
            task.scheduled.cancel()
        }
        self.schedule(at: deadline)
    }

    func disarm() {
        self.deadline = nil
    }

    /// Disarms for good: the task is cancelled and the expiry closure released.
    func cancel() {
        self.task?.scheduled.cancel()
        self.task = nil
        self.deadline = nil
        self.onExpiry = nil
    }

    private func schedule(at deadline: NIODeadline) {
        let scheduled = self.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.fire() }
        self.task = (scheduled, deadline)
    }

    private func fire() {
        self.task = nil
        guard let deadline = self.deadline else { return }
        guard deadline <= self.eventLoop.now else {
            self.schedule(at: deadline)
            return
        }
        self.deadline = nil
        self.onExpiry?()
    }
}

@available(*, unavailable)
extension LazyTimer: Sendable {}
