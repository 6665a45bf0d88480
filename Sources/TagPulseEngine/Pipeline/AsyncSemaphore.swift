import Synchronization

/// Limits how many tasks run a section at once; waiters are served in order and leave the queue when cancelled.
final class AsyncSemaphore: Sendable {
    private struct State {
        var permits: Int
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(permits: Int) {
        self.state = Mutex(State(permits: max(1, permits)))
    }

    /// Runs `body` once a permit is free.
    func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await self.acquire()
        defer { self.release() }
        return try await body()
    }

    private func acquire() async throws {
        let id = self.state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let granted = self.state.withLock { state -> Bool in
                    if state.permits > 0 {
                        state.permits -= 1
                        return true
                    }
                    state.waiters.append((id, continuation))
                    return false
                }
                if granted { continuation.resume() }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let next = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            state.permits += 1
            return nil
        }
        next?.resume()
    }
}
