import TagPulseWire

/// Runs `work` until it finishes, its deadline passes (`DEADLINE_EXCEEDED`), or `canceller` fires
/// (`CANCELLED`); the losers are cancelled, so work past the deadline stops (DESIGN §2).
enum DeadlineRace {
    static func run<Value: Sendable>(
        deadlineMilliseconds: Int64,
        clock: WallClock,
        canceller: RequestCanceller,
        _ work: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value, WireError> {
        let remaining = deadlineMilliseconds - clock.nowMilliseconds()
        guard remaining > 0 else { return .failure(.deadlineExceeded) }
        let instant = ContinuousClock.now + .milliseconds(remaining)
        return await withTaskGroup(of: Result<Value, WireError>?.self) { group in
            group.addTask {
                do {
                    return .success(try await RequestDeadline.$current.withValue(instant) { try await work() })
                } catch let error as WireError {
                    return .failure(error)
                } catch is CancellationError {
                    return nil
                } catch {
                    return .failure(WireError(code: .internalError, message: "the engine failed to process the request"))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: .milliseconds(remaining))
                    return .failure(.deadlineExceeded)
                } catch {
                    return nil
                }
            }
            group.addTask {
                await canceller.wait()
                return canceller.isCancelled ? .failure(.cancelled) : nil
            }
            var outcome: Result<Value, WireError>?
            while outcome == nil, let next = await group.next() {
                outcome = next
            }
            group.cancelAll()
            return outcome ?? .failure(.cancelled)
        }
    }
}
