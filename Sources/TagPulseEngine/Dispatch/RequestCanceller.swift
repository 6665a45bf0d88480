import Synchronization

/// The `cancel` signal of one in-flight request: `cancel()` from the connection's reader, `wait()` from the
/// request's race against its deadline. `wait()` also returns when its own task is cancelled, so a finished
/// request never leaves a waiter behind.
final class RequestCanceller: Sendable {
    private struct State {
        var cancelled = false
        var woken = false
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    var isCancelled: Bool { self.state.withLock { $0.cancelled } }

    func cancel() {
        self.wake(cancelling: true)
    }

    func wait() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state -> Bool in
                    if state.cancelled || state.woken { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.wake(cancelling: false)
        }
    }

    private func wake(cancelling: Bool) {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            if cancelling { state.cancelled = true }
            state.woken = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
