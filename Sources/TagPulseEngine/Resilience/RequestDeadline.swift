/// The deadline of the engine request being served, visible to everything the request's task (and its child
/// tasks) calls, so upstream calls never outlive their request. Set by ``DeadlineRace``.
enum RequestDeadline {
    @TaskLocal static var current: ContinuousClock.Instant?

    /// Time left, or `fallback` outside a request.
    static func remaining(or fallback: Duration) -> Duration {
        guard let deadline = Self.current else { return fallback }
        return max(.zero, deadline - ContinuousClock.now)
    }
}
