import Synchronization
import TagPulseCache

/// The cache keys of recently seen GET-form URLs, so a repeated hit skips query parsing, target normalisation and
/// hashing. A key depends on the URL and the engine identity only; both are part of the memo's key. Bounded: when
/// full it starts afresh.
final class CacheKeyMemo: Sendable {
    private struct Memo: Hashable {
        var path: String
        var identity: EngineIdentity.Value
    }

    private let keys = Mutex<[Memo: CacheKey]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func key(path: String, identity: EngineIdentity.Value, make: () -> CacheKey?) -> CacheKey? {
        let memo = Memo(path: path, identity: identity)
        if let key = self.keys.withLock({ $0[memo] }) { return key }
        guard let key = make() else { return nil }
        self.keys.withLock { keys in
            if keys.count >= self.capacity { keys.removeAll(keepingCapacity: true) }
            keys[memo] = key
        }
        return key
    }
}
