import Logging
import ServiceLifecycle
import Synchronization
import TagPulseRedis

// Key change notices (`keys.events` on Redis): a revoked, rotated or changed key is dropped from every instance's
// cache at once, and a lost subscription makes every cached copy unconfirmed.
extension KeyAuthenticator {
    /// Drops the cached copy of `id` (a change notice, announcing `generation` when known), or makes every cached
    /// copy unconfirmed (`nil`: the subscription was re-established, so notices may have been lost): each is read
    /// again before it is used, and is used only as a stale copy while the store cannot answer. A lookup already in
    /// flight for a dropped id answers its own request but does not cache what it read.
    public func invalidate(id: String?, generation: Int64? = nil) {
        defer { self.changeCount.add(1, ordering: .releasing) }
        self.cache.withLock { cache in
            cache.sequence += 1
            if let id {
                cache.records.remove(id)
                cache.unknown.remove(id)
                cache.dropped.set(id, cache.sequence)
                if let generation, generation > (cache.announced.peek(id) ?? Int64.min) { cache.announced.set(id, generation) }
            } else {
                // Every record read before now becomes unconfirmed (kept only as the stale copy); unknown ids go.
                cache.unknown.removeAll()
                cache.clearedAt = cache.sequence
            }
        }
    }

    /// Listens for key change notices until shutdown; unconfirms the cache each time the subscription is (re)made.
    public func run() async throws {
        guard let store = self.store else { return }
        let channel = store.keyspace.keyEventsChannel
        let subscription = store.redis.subscribe(to: [channel]) {
            // Notices published while the subscription was down are lost: read every key again rather than wait for TTLs.
            self.invalidate(id: nil)
            self.logger.debug("gateway.auth.cache_unconfirmed_on_subscribe")
        }
        await cancelWhenGracefulShutdown {
            for await message in subscription {
                let notice = Self.notice(String(buffer: message.payload))
                self.invalidate(id: notice.id, generation: notice.generation)
                self.logger.debug("gateway.auth.key_changed", metadata: ["apikey.id": "\(notice.id ?? "*")"])
            }
        }
    }

    /// Reads `<event> <generation> <id>` (or the older `<event> <id>`): the id is always the last word.
    static func notice(_ text: String) -> (id: String?, generation: Int64?) {
        let words = text.split(separator: " ")
        let generation = words.count >= 3 ? Int64(words[words.count - 2]) : nil
        return (words.last.map(String.init), generation)
    }
}
