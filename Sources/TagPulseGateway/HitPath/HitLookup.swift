import TagPulseAccess
import TagPulseCache

/// What one charge-and-look-up found (``HitCore/lookUp(_:caller:on:)``): the `requests` decision and, when Redis
/// answered, the entry as it stands now.
struct HitLookup: Sendable {
    /// Where the entry stands.
    enum Entry: Sendable {
        /// Redis could not be read (a degraded decision, or an error): the caller decides without the cache's word.
        case unknown
        /// Nothing is stored for the key (or it was hard-purged).
        case absent
        /// Something is stored: its head with the purges in force, and the hot copy of the same version when this
        /// instance holds one (its bodies are served; nothing else needs fetching).
        case stored(CacheEntryHead, hot: HotEntry?)
    }

    var decision: RateDecision
    var entry: Entry
    /// The decision charged Redis (or a lease) and must be given back if the request is not served after all.
    var refundable: Bool { self.decision.tookCharge }

    /// The hot entry and its head when the entry is fresh, a 200, and held in memory: a hit answered as it is.
    func freshHot(at now: Int64) -> (HotEntry, CacheEntryHead)? {
        guard case .stored(let head, let hot?) = self.entry, head.status == 200, head.state(at: now).isFresh else { return nil }
        return (hot, head)
    }
}
