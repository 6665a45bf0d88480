import NIOCore
import TagPulseRedis

extension KeyAuthenticator {
    /// Reads `id` again in the background, unless a read of it is already in flight, so that a key in use is cached
    /// afresh before its copy expires. Without it, every request of the key that arrived in the moments after the
    /// expiry missed the cache on the event loop and waited for a store read of its own (one `HGETALL` each).
    ///
    /// What it reads is cached as any lookup's is (``finishLookup(_:record:now:)``: not when the id was dropped
    /// meanwhile, nor an older generation than one announced), as of `now`, when the read started. A revoked or
    /// deleted key is then refused from the cache. A failed read changes nothing: the copy serves until it expires,
    /// and the request that finds it expired reads the store as before.
    func refreshAhead(_ id: String, store: KeyStore, now: Int64) {
        let first = self.cache.withLock { $0.refreshing.insert(id).inserted }
        guard first else { return }
        let lookup = self.beginLookup(id)
        store.readRecord(id: id).whenComplete { result in
            switch result {
            case .success(let record):
                if !self.finishLookup(lookup, record: record, now: now) {
                    self.logger.debug("gateway.auth.lookup_not_cached", metadata: ["apikey.id": "\(id)"])
                }
            case .failure(let error):
                self.logger.debug(
                    "gateway.auth.refresh_failed",
                    metadata: ["apikey.id": "\(id)", "error.code": "\((error as? RedisClientError)?.code.description ?? "unknown")"]
                )
            }
            self.cache.withLock { _ = $0.refreshing.remove(id) }
        }
    }
}
