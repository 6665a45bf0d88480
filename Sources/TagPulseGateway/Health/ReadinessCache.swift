import Synchronization

/// The readiness checks' last results, kept for ``ttlMilliseconds`` (`readiness.cache_ms`, about a second): `/readyz`
/// is public and unauthenticated, and without this every call would ping the engine and Redis. Concurrent callers
/// while a round of checks runs wait for that round instead of starting their own, so the dependencies see at most
/// one round per TTL whatever the request rate.
final class ReadinessCache: Sendable {
    private struct State {
        var results: [String: Bool]?
        var checkedAt: Int64 = .min
        /// Non-nil while a round runs: callers waiting for it.
        var waiters: [CheckedContinuation<[String: Bool], Never>]?
    }

    let checks: [any ReadinessCheck]
    let ttlMilliseconds: Int64
    let nowMilliseconds: @Sendable () -> Int64
    private let state = Mutex(State())
    /// Rounds of checks run (tests).
    let rounds = Atomic<Int>(0)

    init(checks: [any ReadinessCheck], ttlMilliseconds: Int64, nowMilliseconds: @escaping @Sendable () -> Int64) {
        self.checks = checks
        self.ttlMilliseconds = ttlMilliseconds
        self.nowMilliseconds = nowMilliseconds
    }

    private enum Step {
        case cached([String: Bool])
        case wait
        case run
    }

    /// Each check's name and whether it passed, at most ``ttlMilliseconds`` old.
    func results(requestID: String) async -> [String: Bool] {
        let now = self.nowMilliseconds()
        let step = self.state.withLock { state -> Step in
            if let results = state.results, now - state.checkedAt < self.ttlMilliseconds { return .cached(results) }
            if state.waiters != nil { return .wait }
            state.waiters = []
            return .run
        }
        switch step {
        case .cached(let results):
            return results
        case .wait:
            return await withCheckedContinuation { continuation in
                let finished = self.state.withLock { state -> [String: Bool]? in
                    guard state.waiters != nil else { return state.results ?? [:] }
                    state.waiters?.append(continuation)
                    return nil
                }
                if let finished { continuation.resume(returning: finished) }
            }
        case .run:
            self.rounds.add(1, ordering: .relaxed)
            let results = await withTaskGroup(of: (String, Bool).self) { group in
                for check in self.checks {
                    group.addTask { (check.name, await check.isReady(requestID: requestID)) }
                }
                return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
            let waiters = self.state.withLock { state -> [CheckedContinuation<[String: Bool], Never>] in
                state.results = results
                state.checkedAt = self.nowMilliseconds()
                defer { state.waiters = nil }
                return state.waiters ?? []
            }
            for waiter in waiters { waiter.resume(returning: results) }
            return results
        }
    }
}
