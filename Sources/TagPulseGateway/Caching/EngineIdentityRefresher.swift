import ServiceLifecycle

/// Keeps ``EngineIdentity`` fresh from the side: every ``interval`` it asks the engine again once the identity in
/// memory is ``EngineIdentity/refreshAge`` old, so the event-loop hit path, which never waits for the engine, always
/// finds one while the engine answers. Stopped by graceful shutdown.
struct EngineIdentityRefresher: Service {
    let identity: EngineIdentity
    var interval: Duration = .seconds(10)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.identity.refreshIfDue(requestID: "identity-refresh")
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
