import CoreMetrics
import Synchronization
import TagPulseCache

/// Recently hit cache entries in this process's memory, bounded by bytes (`cache.hot_max_bytes`), least recently
/// used first out (decision 0003).
///
/// It never decides on its own whether an entry may be served: in exact mode every hit still asks Redis for the
/// entry's current head and purge marks (one round trip, reply bytes independent of the body) and is served from
/// here only when the version matches; in leased mode an entry is served while Redis confirmed it within
/// `cache.hot_max_stale_ms` and no notice dropped it. A notice for a key or tag drops it at once, and a
/// resubscription (notices may have been lost) drops everything.
final class HotCache: Sendable {
    private struct Slot {
        var entry: HotEntry
        var lastUsed: UInt64
    }

    private struct State {
        var slots: [String: Slot] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    let capacityBytes: Int
    private let state = Mutex(State())
    /// `tagpulse_cache_hot_entries` and `tagpulse_cache_hot_bytes`, set on every change (never on a hit).
    private let entriesGauge: Gauge
    private let bytesGauge: Gauge

    init(capacityBytes: Int, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.capacityBytes = capacityBytes
        self.entriesGauge = Gauge(label: "tagpulse_cache_hot_entries", factory: metricsFactory)
        self.bytesGauge = Gauge(label: "tagpulse_cache_hot_bytes", factory: metricsFactory)
    }

    /// Runs `change` on the state and reports the new size.
    private func change(_ change: (inout State) -> Void) {
        let (count, bytes) = self.state.withLock { state in
            change(&state)
            return (state.slots.count, state.bytes)
        }
        self.entriesGauge.record(count)
        self.bytesGauge.record(bytes)
    }

    var isEnabled: Bool { self.capacityBytes > 0 }

    /// The entry held for `hex`, marked as just used.
    func entry(_ hex: String) -> HotEntry? {
        self.state.withLock { state in
            state.clock &+= 1
            // Changed where it lies: one hash of the key (a read and a write back would hash it twice).
            guard let index = state.slots.index(forKey: hex) else { return nil }
            state.slots.values[index].lastUsed = state.clock
            return state.slots.values[index].entry
        }
    }

    /// Keeps `entry` (replacing any other version of its key), evicting the least recently used ones to make room.
    /// An entry larger than a quarter of the budget is not kept.
    func insert(_ entry: HotEntry) {
        guard entry.bytes <= self.capacityBytes / 4 else { return }
        self.change { state in
            state.clock &+= 1
            if let old = state.slots.removeValue(forKey: entry.hex) { state.bytes -= old.entry.bytes }
            if state.bytes + entry.bytes > self.capacityBytes {
                Self.evict(&state, toFit: entry.bytes, capacity: self.capacityBytes)
            }
            state.slots[entry.hex] = Slot(entry: entry, lastUsed: state.clock)
            state.bytes += entry.bytes
        }
    }

    /// Drops the entry of `hex` (a fill or purge notice).
    func remove(_ hex: String) {
        self.change { state in
            if let old = state.slots.removeValue(forKey: hex) { state.bytes -= old.entry.bytes }
        }
    }

    /// Drops every entry filed under `tag` (a purge by tag).
    func remove(tag: String) {
        self.change { state in
            for (hex, slot) in state.slots where slot.entry.tags.contains(tag) {
                state.slots[hex] = nil
                state.bytes -= slot.entry.bytes
            }
        }
    }

    /// Drops everything (the notices' subscription was lost and is back).
    func removeAll() {
        self.change { state in
            state.slots.removeAll()
            state.bytes = 0
        }
    }

    /// Applies a notice from the cache channel: a refilled or purged key, a purged tag, or a resubscription.
    func apply(_ notice: CacheNotice) {
        switch notice {
        case .filled(let hex), .purgedKey(let hex): self.remove(hex)
        case .purgedTag(let tag): self.remove(tag: tag)
        case .subscribed: self.removeAll()
        }
    }

    /// Entries held and their bytes (tests, metrics).
    var usage: (count: Int, bytes: Int) { self.state.withLock { ($0.slots.count, $0.bytes) } }

    /// Evicts least recently used entries until `incoming` bytes fit within 7/8 of the budget (so evictions come in
    /// batches: the scan is O(n), paid once per batch, never on a hit).
    private static func evict(_ state: inout State, toFit incoming: Int, capacity: Int) {
        let target = max(0, capacity - capacity / 8 - incoming)
        let byAge = state.slots.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (hex, slot) in byAge where state.bytes > target {
            state.slots[hex] = nil
            state.bytes -= slot.entry.bytes
        }
    }
}
