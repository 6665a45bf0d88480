import Synchronization

/// The bytes of one connection's responses that are queued but not yet written: when they pass `limit`, the
/// connection's reader waits in ``waitForRoom()`` before it takes the next request, so a peer that stops reading
/// stops being read (back-pressure) instead of growing the queue. What analyses already running on the connection
/// answer is still queued: the queue holds at most `limit` plus those answers (bounded by
/// `engine.max_concurrent_analyses`).
final class ResponseBudget: Sendable {
    private struct State {
        var queued = 0
        var waiter: CheckedContinuation<Void, Never>?
        var released = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    var queuedBytes: Int { self.state.withLock { $0.queued } }

    /// A response of `bytes` was queued.
    func add(_ bytes: Int) {
        self.state.withLock { $0.queued += bytes }
    }

    /// A queued response of `bytes` was written (or dropped); wakes the reader once the queue is within the limit.
    func remove(_ bytes: Int) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.queued -= bytes
            guard state.queued <= self.limit else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// True when the queue is over the limit (the reader is about to wait).
    var isFull: Bool { self.state.withLock { !$0.released && $0.queued > self.limit } }

    /// Returns once the queued bytes are within the limit, the task is cancelled, or ``release()`` was called.
    /// One waiter at a time: the connection's reader.
    func waitForRoom() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state -> Bool in
                    guard !state.released, state.queued > self.limit, !Task.isCancelled else { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.release()
        }
    }

    /// Stops waiting for good (shutdown, cancellation): the reader goes on, to stop.
    func release() {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.released = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
