import Synchronization

/// Items finished by this instance's warm-up jobs, by outcome, also counted in `tagpulse_warm_items_total{outcome}`
/// when `metrics` is given. Read them from any thread; the runner only adds.
public final class WarmCounters: Sendable {
    public let warmed = Atomic<Int>(0)
    public let fresh = Atomic<Int>(0)
    public let failed = Atomic<Int>(0)
    let metrics: GatewayMetrics?

    public init(metrics: GatewayMetrics? = nil) {
        self.metrics = metrics
    }

    func record(_ status: WarmItemStatus) {
        switch status {
        case .warmed: self.warmed.add(1, ordering: .relaxed)
        case .fresh: self.fresh.add(1, ordering: .relaxed)
        case .failed: self.failed.add(1, ordering: .relaxed)
        case .pending, .running, .cancelled: return
        }
        self.metrics?.warmItem(outcome: status.rawValue)
    }
}
