import Logging
import ServiceLifecycle

/// The first service to stop on SIGTERM (it is last in the service group): marks the instance draining, so
/// `/readyz` fails and every response closes its connection, then waits ``delay`` for load balancers to notice
/// before returning, which lets the group go on to close the HTTP listener and let in-flight requests finish.
public struct DrainGate: Service {
    let state: DrainState
    let delay: Duration
    let metrics: GatewayMetrics?
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void

    public init(
        state: DrainState,
        delay: Duration,
        metrics: GatewayMetrics? = nil,
        logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.state = state
        self.delay = delay
        self.metrics = metrics
        self.logger = logger
        self.sleep = sleep
    }

    public func run() async throws {
        // Returns once graceful shutdown starts; throws when the group is cancelled instead (nothing to drain then).
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        self.state.begin()
        self.metrics?.draining.record(1)
        self.logger.notice("gateway.draining", metadata: ["shutdown.drain_delay_ms": "\(self.delay.milliseconds)"])
        try? await self.sleep(self.delay)
        self.logger.notice("gateway.drain.listener_closing")
    }
}
