import Synchronization

/// In-process request coalescing: the first caller for a key runs the work; callers arriving while it runs wait for
/// its result instead of repeating it.
public final class SingleFlight<Value: Sendable>: Sendable {
    private let inFlight = Mutex<[String: [CheckedContinuation<Result<Value, any Error>, Never>]]>([:])

    public init() {}

    /// The work's result, and whether it was shared (this caller waited for another's work).
    public func run(_ key: String, _ work: () async throws -> Value) async throws -> (value: Value, shared: Bool) {
        let leader = self.inFlight.withLock { inFlight -> Bool in
            guard inFlight[key] == nil else { return false }
            inFlight[key] = []
            return true
        }
        guard leader else {
            let result = await withCheckedContinuation { continuation in
                let registered = self.inFlight.withLock { inFlight -> Bool in
                    guard inFlight[key] != nil else { return false }
                    inFlight[key]!.append(continuation)
                    return true
                }
                // The leader finished between the two locks: run again (rare; the caller's cache lookup will hit).
                if !registered { continuation.resume(returning: .failure(SingleFlightRetry())) }
            }
            switch result {
            case .success(let value): return (value, true)
            case .failure(let error as SingleFlightRetry): _ = error
            case .failure(let error): throw error
            }
            return try await self.run(key, work)
        }
        let result: Result<Value, any Error>
        do {
            result = .success(try await work())
        } catch {
            result = .failure(error)
        }
        let waiters = self.inFlight.withLock { $0.removeValue(forKey: key) } ?? []
        for waiter in waiters { waiter.resume(returning: result) }
        return (try result.get(), false)
    }

    /// Keys being worked on (for tests).
    public var count: Int { self.inFlight.withLock { $0.count } }
}

private struct SingleFlightRetry: Error {}
