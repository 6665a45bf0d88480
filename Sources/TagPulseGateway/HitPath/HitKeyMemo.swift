import NIOCore
import Synchronization
import TagPulseCache

/// The cache keys of recently seen requests, by their exact bytes — (path, body, engine identity) — so a repeated
/// hit skips JSON parsing, query parsing, target normalisation and hashing. Two requests that differ in any byte
/// are different memo entries (and parse to their own keys), so bodies that differ in any field never share an
/// entry.
///
/// Bounded by ``capacity`` in two generations: entries used since the last turn stay, the others go when the newer
/// generation fills up (an O(1) approximation of least-recently-used).
final class HitKeyMemo: Sendable {
    private struct Request: Hashable {
        var path: String
        var body: ByteBuffer?
        var identity: EngineIdentity.Value
    }

    private struct Generations {
        var current: [Request: CacheKey] = [:]
        var previous: [Request: CacheKey] = [:]
    }

    private let generations = Mutex(Generations())
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = max(2, capacity)
    }

    /// The key for the request, from memory or `make` (nil: not a valid request, nothing remembered).
    func key(path: String, body: ByteBuffer?, identity: EngineIdentity.Value, make: () -> CacheKey?) -> CacheKey? {
        let request = Request(path: path, body: body, identity: identity)
        if let key = self.generations.withLock({ Self.find(request, in: &$0, capacity: self.capacity) }) { return key }
        guard let key = make() else { return nil }
        // A copy of exactly the body's bytes: the request's buffer may be a slice of a much larger read buffer.
        let kept = Request(path: path, body: body.map { ByteBuffer(bytes: $0.readableBytesView) }, identity: identity)
        self.generations.withLock { Self.remember(key, for: kept, in: &$0, capacity: self.capacity) }
        return key
    }

    /// Entries held (tests).
    var count: Int { self.generations.withLock { $0.current.count + $0.previous.count } }

    private static func find(_ request: Request, in generations: inout Generations, capacity: Int) -> CacheKey? {
        if let key = generations.current[request] { return key }
        guard let key = generations.previous.removeValue(forKey: request) else { return nil }
        Self.remember(key, for: request, in: &generations, capacity: capacity)
        return key
    }

    private static func remember(_ key: CacheKey, for request: Request, in generations: inout Generations, capacity: Int) {
        if generations.current.count >= capacity / 2 {
            generations.previous = generations.current
            generations.current = [:]
        }
        generations.current[request] = key
    }
}
