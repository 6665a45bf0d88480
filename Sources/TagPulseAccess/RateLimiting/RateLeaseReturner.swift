import ServiceLifecycle

/// Gives back the unused part of expired rate-limit slices (``RateLeases``) every half lifetime, so allowance parked
/// on an instance whose traffic stopped returns to the fleet within one lifetime, and everything left on shutdown.
public struct RateLeaseReturner: Service {
    let leases: RateLeases

    public init(leases: RateLeases) {
        self.leases = leases
    }

    public func run() async throws {
        let interval = self.leases.settings.lifetime / 2
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                self.leases.returnUnused()
            }
        }
        self.leases.returnUnused(all: true)
    }
}
